// Before an action starts, apply re-reads exactly the state its check depends on — the collectors of
// the slices the check reads, in the finding's account and the regions it needs, through a read-only
// session — and evaluates the check again. Only a finding that still fails is fixed; one that passes
// now (fixed meanwhile) or cannot be judged is skipped, saying why.
import type { AwsSession } from '../aws/session.js'
import type { AnyCheck } from '../checks/define.js'
import { collectorsNeededBy } from '../collect/needed-collectors.js'
import { ManagedPolicyCache } from '../collect/managed-policy-cache.js'
import { collectAccount } from '../collect/pipeline.js'
import { evaluateAccount } from '../engine/evaluate.js'
import type { ResolvedRule, RuleSet } from '../rules/load.js'
import type { Snapshot } from '../snapshot/schema.js'
import type { PlanAction } from './plan-schema.js'

export type RecheckVerdict = { still: 'fail' } | { still: 'pass' | 'gone' } | { still: 'unknown'; why: string }

export interface RecheckInput {
  session: AwsSession
  accountId: string
  partition: string
  rule: ResolvedRule
  ruleSet: RuleSet
  findings: PlanAction['findings']
  /** Regions the original scan covered (checks reading across regions need them all). */
  scannedRegions: readonly string[]
  homeRegion: string
  now: Date
}

function regionsFor(check: AnyCheck, findings: PlanAction['findings'], scanned: readonly string[], home: string): string[] {
  if (check.scope === 'region') return [...new Set(findings.map((f) => f.region))]
  if (check.acrossRegions && check.acrossRegions.length > 0) return scanned.length > 0 ? [...scanned] : [home]
  return [home]
}

/** The verdict per finding id of the action's findings in this account. */
export async function recheckFindings(input: RecheckInput): Promise<Map<string, RecheckVerdict>> {
  const check = input.rule.check
  const mine = input.findings.filter((f) => f.accountId === input.accountId)
  const account = await collectAccount({
    accountId: input.accountId,
    session: input.session,
    partition: input.partition,
    regions: regionsFor(check, mine, input.scannedRegions, input.homeRegion),
    cache: new ManagedPolicyCache(),
    collectors: collectorsNeededBy([check]),
  })
  const snapshot: Snapshot = {
    schemaVersion: 1,
    tool: { name: 'guardrail', version: 'recheck' },
    partition: input.partition,
    caller: { arn: input.session.roleArn ?? 'unknown', accountId: input.accountId },
    startedAt: input.now.toISOString(),
    finishedAt: input.now.toISOString(),
    accounts: [account],
    apiCalls: {},
  }
  const only: RuleSet = { ...input.ruleSet, rules: new Map([[check.id, input.rule]]) }
  const now = evaluateAccount(snapshot, account, only, { now: input.now })
  const byId = new Map(now.map((f) => [f.id, f]))
  return new Map<string, RecheckVerdict>(
    mine.map((f): [string, RecheckVerdict] => {
      const current = byId.get(f.findingId)
      if (!current) return [f.findingId, { still: 'gone' }]
      if (current.status === 'fail') return [f.findingId, { still: 'fail' }]
      if (current.status === 'pass' || current.status === 'not_applicable') return [f.findingId, { still: 'pass' }]
      return [f.findingId, { still: 'unknown', why: `${current.errorCode ?? 'error'}: ${current.message}` }]
    }),
  )
}
