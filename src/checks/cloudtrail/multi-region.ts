import { z } from 'zod'
import { defineCheck } from '../define.js'
import { coversReadAndWrite, describeCoverage, managementCoverage, selectorSummary } from '../lib/event-selectors.js'
import { judgeAccountByTrails } from '../lib/trail-verdicts.js'

export default defineCheck({
  id: 'cloudtrail.multi-region',
  title: 'A multi-region trail logs read and write management events',
  description:
    'At least one trail that applies to the account (its own, or an organization trail of its organization) is multi-region, is logging (GetTrailStatus IsLogging), and its event selectors log all read and write management events: a basic selector with IncludeManagementEvents true and ReadWriteType All (or a ReadOnly plus a WriteOnly one), or advanced selectors with eventCategory Management and no readOnly restriction (or one for each value). Excluding the KMS or RDS Data API event sources is accepted, as CIS 3.1 does, and named in the verdict. A trail that exists but is not logging fails.',
  rationale:
    'CloudTrail is the record of who did what through the AWS API. A trail in one region misses activity in every other region, including regions an attacker picks because nobody looks there; a stopped trail or one that drops read or write events leaves the same gap (CIS 3.1).',
  remediation:
    'Create one multi-region trail (preferably an organization trail from the management account) and start it: `aws cloudtrail create-trail --name org-trail --s3-bucket-name <log-archive-bucket> --is-multi-region-trail --is-organization-trail --enable-log-file-validation --kms-key-id <key-arn>`, then `aws cloudtrail start-logging --name org-trail` and `aws cloudtrail put-event-selectors --trail-name org-trail --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'`. For a stopped trail, `aws cloudtrail start-logging --name <trail>` is enough.',
  scope: 'account',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    judgeAccountByTrails(input, ctx, {
      goal: 'logs read and write management events',
      judgeSelectors(selectors) {
        const coverage = managementCoverage(selectors)
        if (!coversReadAndWrite(coverage)) {
          const { style } = selectorSummary(selectors)
          return { ok: false, reason: style === 'none' ? 'has no event selectors, so it logs no management events' : `has ${style} event selectors that log ${describeCoverage(coverage)} management events` }
        }
        const excluded = [...new Set([...coverage.read.excludedSources, ...coverage.write.excludedSources])].sort()
        return excluded.length > 0 ? { ok: true, note: `excluding events from ${excluded.join(', ')}` } : { ok: true }
      },
    })
  },
})
