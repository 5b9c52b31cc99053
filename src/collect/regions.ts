// Which regions to scan in an account. ec2:DescribeRegions with AllRegions lists every region with its
// opt-in status *for this account* (opt-in is per account, so discovery runs with the account's own
// credentials): default regions and opted-in ones are enabled; 'not-opted-in' ones are not, and a
// call there would fail with an authentication error, not say anything about the region. Those are
// skipped and named in the report's coverage, whether the user named them (--regions) or not.
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2'
import { ok, unreadable, type Readable } from '../snapshot/schema.js'
import { toAwsError } from './isolate.js'
import { REGION_PATTERN } from '../core/ids.js'

export const NOT_OPTED_IN = 'not opted in'

export interface AccountRegions {
  /** Sorted. */
  enabled: string[]
  /** Regions of the partition this account has not opted in to (sorted). */
  optedOut: string[]
}

export async function discoverRegions(ec2: EC2Client): Promise<Readable<AccountRegions>> {
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))
    const listed = (out.Regions ?? []).flatMap((r) => (r.RegionName !== undefined ? [{ name: r.RegionName, optedOut: r.OptInStatus === 'not-opted-in' }] : []))
    // Region names become snapshot keys and client configuration: a name that is not one is a
    // response not to trust (its text is JSON-quoted so no control character reaches a terminal).
    const bad = listed.find((r) => !REGION_PATTERN.test(r.name))
    if (bad !== undefined) return unreadable({ code: 'MalformedResponse', message: `DescribeRegions returned ${JSON.stringify(bad.name.slice(0, 64))}, which is not a region name`, operation: 'ec2:DescribeRegions' })
    const enabled = listed.filter((r) => !r.optedOut).map((r) => r.name).sort()
    const optedOut = listed.filter((r) => r.optedOut).map((r) => r.name).sort()
    if (enabled.length === 0) return unreadable({ code: 'NoRegions', message: 'DescribeRegions returned no enabled region', operation: 'ec2:DescribeRegions' })
    return ok({ enabled, optedOut })
  } catch (err) {
    return unreadable(toAwsError(err, 'ec2:DescribeRegions'))
  }
}
