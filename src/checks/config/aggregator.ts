import { z } from 'zod'
import type { ConfigAggregator } from '../../snapshot/detection.js'
import { describeAwsError, type AwsError } from '../../snapshot/readable.js'
import { organizationOrError } from '../../scp/org-view.js'
import { defineCheck } from '../define.js'

const CONFIG_KEY = 'organization.auditAccounts'

/** The scanned regions an organization aggregator leaves out (none when it takes all regions). */
function regionsMissing(aggregator: ConfigAggregator, scanned: readonly string[]): string[] {
  const source = aggregator.organizationSource
  if (!source) return [...scanned]
  if (source.allAwsRegions) return []
  return scanned.filter((r) => !source.awsRegions.includes(r))
}

interface Found {
  accountId: string
  region: string
  aggregator: ConfigAggregator
}

export default defineCheck({
  id: 'config.aggregator',
  title: 'An organization-wide AWS Config aggregator exists in the audit account',
  description:
    `An AWS Config aggregator with an organization source (OrganizationAggregationSource) that takes all regions, or at least every region this scan covered, exists in one of the audit accounts named under ${CONFIG_KEY} (in any region). Aggregators over named accounts do not count: accounts added later would be missed. With no audit account configured the check fails and says where to name it.`,
  rationale:
    'An organization aggregator gives the security team one place to query every account\'s configuration and compliance, and picks up new accounts by itself; without it each account must be inspected on its own, from inside it.',
  remediation:
    `In the audit account (delegated administrator for AWS Config: \`aws organizations register-delegated-administrator --account-id <audit> --service-principal config.amazonaws.com\`): \`aws configservice put-configuration-aggregator --configuration-aggregator-name organization --organization-aggregation-source RoleArn=arn:aws:iam::<audit>:role/<aggregator-role>,AllAwsRegions=true\`. Name the audit account in guardrail.config.yaml under ${CONFIG_KEY}.`,
  scope: 'organization',
  requires: ['organization'],
  fromMembers: ['config.aggregators'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const view = organizationOrError(input, ctx)
    if (!view) return
    const info = view.org.organization.kind === 'ok' ? view.org.organization.value : undefined
    if (!info) return
    const mctx = ctx.forAccount(info.managementAccountId)
    const auditAccounts = ctx.settings.auditAccounts
    if (auditAccounts.length === 0) {
      mctx.fail(info.arn, `No audit account is configured, so no organization aggregator can be looked for. Name it in guardrail.config.yaml under ${CONFIG_KEY}.`, { evidence: { auditAccounts: [] } })
      return
    }

    const scanned = [...new Set(input.snapshot.accounts.flatMap((a) => a.regions))].sort()
    const found: Found[] = []
    const partial: { accountId: string; region: string; name: string; missingRegions: string[] }[] = []
    const otherKinds: { accountId: string; region: string; name: string }[] = []
    const unreadable: { where: string; error: AwsError }[] = []
    for (const accountId of auditAccounts) {
      const account = input.snapshot.accounts.find((a) => a.accountId === accountId)
      if (!account) {
        unreadable.push({ where: accountId, error: { code: 'NotCollected', message: `the audit account ${accountId} was not scanned`, operation: 'config.aggregators' } })
        continue
      }
      for (const region of account.regions) {
        const slice = ctx.readMember(accountId, 'config.aggregators', region)
        if (slice.kind === 'unreadable') {
          unreadable.push({ where: `${accountId} ${region}`, error: slice.error })
          continue
        }
        for (const aggregator of slice.value) {
          if (!aggregator.organizationSource) otherKinds.push({ accountId, region, name: aggregator.name })
          else {
            const missing = regionsMissing(aggregator, scanned)
            if (missing.length === 0) found.push({ accountId, region, aggregator })
            else partial.push({ accountId, region, name: aggregator.name, missingRegions: missing })
          }
        }
      }
    }

    const evidence = {
      auditAccounts,
      scannedRegions: scanned,
      organizationAggregators: found.map((f) => ({ accountId: f.accountId, region: f.region, name: f.aggregator.name, arn: f.aggregator.arn, allAwsRegions: f.aggregator.organizationSource!.allAwsRegions })),
      partialAggregators: partial,
      accountAggregators: otherKinds,
      notReadable: unreadable.map((u) => ({ where: u.where, code: u.error.code })),
    }
    const first = found[0]
    if (first) {
      mctx.pass(info.arn, `Organization aggregator ${first.aggregator.name} in audit account ${first.accountId} (${first.region}) covers ${first.aggregator.organizationSource!.allAwsRegions ? 'all regions' : 'every scanned region'}`, { evidence })
    } else if (unreadable.length > 0) {
      const u = unreadable[0]!
      mctx.error(info.arn, `Could not look for an organization aggregator in ${u.where}: ${describeAwsError(u.error)}`, u.error.code)
    } else {
      const why =
        partial.length > 0
          ? `; ${partial.map((p) => `${p.name} (${p.accountId} ${p.region}) leaves out ${p.missingRegions.join(', ')}`).join('; ')}`
          : otherKinds.length > 0
            ? `; only aggregators over named accounts: ${otherKinds.map((o) => `${o.name} (${o.accountId} ${o.region})`).join(', ')}`
            : ''
      mctx.fail(info.arn, `No organization-wide AWS Config aggregator in the audit account${auditAccounts.length > 1 ? 's' : ''} ${auditAccounts.join(', ')}${why}`, { evidence })
    }
  },
})
