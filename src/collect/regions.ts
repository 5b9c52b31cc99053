// Which regions to scan in an account: the ones enabled there (ec2:DescribeRegions without
// AllRegions returns exactly the enabled ones: default regions plus opted-in ones), unless the user
// named regions. Discovery runs with the account's own credentials because opt-in is per account.
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2'
import { ok, unreadable, type Readable } from '../snapshot/schema.js'
import { toAwsError } from './isolate.js'
import { REGION_PATTERN } from '../core/ids.js'

export async function discoverEnabledRegions(ec2: EC2Client): Promise<Readable<string[]>> {
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }))
    const regions = (out.Regions ?? [])
      .filter((r) => r.OptInStatus === undefined || r.OptInStatus !== 'not-opted-in')
      .flatMap((r) => (r.RegionName ? [r.RegionName] : []))
      .sort()
    // Region names become snapshot keys and client configuration: a name that is not one is a
    // response not to trust (its text is JSON-quoted so no control character reaches a terminal).
    const bad = regions.find((r) => !REGION_PATTERN.test(r))
    if (bad !== undefined) return unreadable({ code: 'MalformedResponse', message: `DescribeRegions returned ${JSON.stringify(bad.slice(0, 64))}, which is not a region name`, operation: 'ec2:DescribeRegions' })
    if (regions.length === 0) return unreadable({ code: 'NoRegions', message: 'DescribeRegions returned no enabled region', operation: 'ec2:DescribeRegions' })
    return ok(regions)
  } catch (err) {
    return unreadable(toAwsError(err, 'ec2:DescribeRegions'))
  }
}
