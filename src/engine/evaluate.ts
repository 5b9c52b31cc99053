// Runs checks over a Snapshot. The engine, not the checks, guarantees the safety properties:
//  - a required slice that is unreadable (or was never collected) gives `error` with its code;
//  - a check that throws gives `error` for that check, never a crash and never a pass;
//  - a check that emits nothing gives one `not_applicable` for the account, so coverage is visible.
import { findingId } from '../core/finding-id.js'
import { GLOBAL_REGION, type Finding, type Status } from '../core/types.js'
import type { AnyCheck, CheckContext, CheckInput, EmitOptions, RegionReading } from '../checks/define.js'
import type { ResolvedRule, RuleSet } from '../rules/load.js'
import type { OrgSettings } from '../rules/schema.js'
import type { AccountSnapshot, AwsError, Snapshot } from '../snapshot/schema.js'
import { describeAwsError, unreadable, type Readable } from '../snapshot/readable.js'
import { locateSlice, type SliceKey } from '../snapshot/slices.js'

export interface EvaluateOptions {
  now: Date
}

class UnreadableSlice extends Error {
  constructor(readonly error: AwsError) {
    super(error.message)
  }
}

class UndeclaredSlice extends Error {}

// Organization checks look up every member account: an index per snapshot keeps that linear.
const accountIndexes = new WeakMap<Snapshot, Map<string, AccountSnapshot>>()
function accountById(snapshot: Snapshot, accountId: string): AccountSnapshot | undefined {
  let index = accountIndexes.get(snapshot)
  // Stryker disable next-line ConditionalExpression: rebuilding the index on every lookup (`true`) changes speed, not results
  if (!index || index.size !== snapshot.accounts.length) {
    index = new Map(snapshot.accounts.map((a) => [a.accountId, a]))
    accountIndexes.set(snapshot, index)
  }
  return index.get(accountId)
}

const notCollected = (key: string, where = ''): AwsError => ({ code: 'NotCollected', message: `${key} was not collected${where}`, operation: key })

/**
 * Where a check's findings go while it runs. The engine needs three things of it: add one, how many
 * were added (none → not_applicable), and throw away everything since a mark (the check crashed).
 */
interface FindingOut {
  push(finding: Finding): void
  readonly count: number
  discardFrom(mark: number): void
}

function arrayOut(out: Finding[]): FindingOut {
  return {
    push: (f) => void out.push(f),
    get count() {
      return out.length
    },
    discardFrom: (mark) => void (out.length = mark),
  }
}

/**
 * Receives one organization check's findings in batches while it runs, then either `commit` (the
 * check finished: the batches stand) or `discard` (it threw: none of them may count). Lets an
 * organization of tens of thousands of accounts be evaluated without holding a check's findings.
 */
export interface FindingSink {
  add(batch: Finding[]): void
  commit(): void
  discard(): void
}

const SINK_BATCH = 2000

function sinkOut(sink: FindingSink): FindingOut & { flush(): void } {
  let buffer: Finding[] = []
  let count = 0
  return {
    push(f) {
      buffer.push(f)
      // Stryker disable next-line UpdateOperator: count is only compared with 0 (the mark of a fresh sink), and -n is as non-zero as n
      count++
      if (buffer.length >= SINK_BATCH) this.flush()
    },
    get count() {
      return count
    },
    discardFrom(mark) {
      // Organization checks are discarded whole: a mark inside a check never happens.
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable guard: a sink's mark is always 0 (evaluateOrganization takes it from a fresh sink)
      if (mark !== 0) throw new Error('an organization check can only be discarded whole')
      buffer = []
      count = 0
      sink.discard()
    },
    flush() {
      if (buffer.length > 0) sink.add(buffer)
      buffer = []
    },
  }
}

function emitter(rule: ResolvedRule, snapshot: Snapshot, out: FindingOut, now: Date, settings: OrgSettings) {
  const make = (accountId: string, region: string, account: AccountSnapshot | undefined): CheckContext<unknown> => {
    const partition = snapshot.partition
    const push = (status: Status, resource: string, message: string, opts?: EmitOptions, errorCode?: string) => {
      const finding: Finding = {
        id: findingId(rule.check.id, accountId, region, resource),
        checkId: rule.check.id,
        status,
        severity: rule.severity,
        accountId,
        region,
        resource,
        message,
        frameworks: rule.frameworks,
      }
      if (opts?.evidence !== undefined) finding.evidence = opts.evidence
      if (errorCode !== undefined) finding.errorCode = errorCode
      out.push(finding)
    }
    return {
      now,
      options: rule.options,
      accountId,
      region,
      partition,
      settings,
      accountArn: `arn:${partition}:iam::${accountId}:root`,
      read(key) {
        if (!rule.check.requires.includes(key)) throw new UndeclaredSlice(`check ${rule.check.id} read "${key}" without declaring it in requires`)
        const target = account ?? accountById(snapshot, accountId)
        const slice = locateSlice(key, target, snapshot, region)
        if (!slice) throw new UnreadableSlice(notCollected(key))
        if (slice.kind === 'unreadable') throw new UnreadableSlice(slice.error)
        return slice.value as never
      },
      readAllRegions(key) {
        // Stryker disable next-line ArrayDeclaration: a fallback holding a non-key string rejects every slice key, as the empty one does
        if (!(rule.check.acrossRegions ?? []).includes(key)) throw new UndeclaredSlice(`check ${rule.check.id} read "${key}" across regions without declaring it in acrossRegions`)
        const target = account ?? accountById(snapshot, accountId)
        if (!target) throw new UnreadableSlice(notCollected(key, ` for account ${accountId}`))
        return target.regions.map((r): RegionReading<never> => {
          const slice = target.access.kind === 'unreadable' ? target.access : (locateSlice(key, target, snapshot, r) ?? unreadable(notCollected(key, ` in ${r}`)))
          return { region: r, slice: slice as Readable<never> }
        })
      },
      readMember(memberId, key, memberRegion) {
        // Stryker disable next-line ArrayDeclaration: a fallback holding a non-key string rejects every slice key, as the empty one does
        if (!(rule.check.fromMembers ?? []).includes(key)) throw new UndeclaredSlice(`check ${rule.check.id} read "${key}" of a member account without declaring it in fromMembers`)
        const member = accountById(snapshot, memberId)
        if (!member) return unreadable(notCollected(key, `: account ${memberId} was not scanned`))
        if (member.access.kind === 'unreadable') return member.access as Readable<never>
        return (locateSlice(key, member, snapshot, memberRegion) ?? unreadable(notCollected(key, ` for account ${memberId}${memberRegion ? ` in ${memberRegion}` : ''}`))) as Readable<never>
      },
      pass: (resource, message = 'Compliant', opts) => push('pass', resource, message, opts),
      fail: (resource, message, opts) => push('fail', resource, message, opts),
      notApplicable: (resource, message, opts) => push('not_applicable', resource, message, opts),
      error: (resource, message, code) => push('error', resource, message, undefined, code),
      forAccount: (otherAccount, otherRegion = GLOBAL_REGION) =>
        make(otherAccount, otherRegion, accountById(snapshot, otherAccount)),
    }
  }
  return make
}

/**
 * First unreadable (or missing) required slice, if any: of an account (account and region scope),
 * or of the snapshot (organization scope, whose requires are snapshot-level slices).
 */
function missingRequirement(check: AnyCheck, account: AccountSnapshot | undefined, snapshot: Snapshot, region: string): AwsError | undefined {
  if (account?.access.kind === 'unreadable') return account.access.error
  for (const key of check.requires as readonly SliceKey[]) {
    const slice = locateSlice(key, account, snapshot, region)
    if (!slice) return notCollected(key, ' in this scan')
    if (slice.kind === 'unreadable') return slice.error
  }
  return undefined
}

function reportMissing(ctx: CheckContext<unknown>, missing: AwsError): void {
  ctx.error(ctx.accountArn, `Could not evaluate: ${describeAwsError(missing)}`, missing.code)
}

function runGuarded(rule: ResolvedRule, input: CheckInput, ctx: CheckContext<unknown>, out: FindingOut, before: number): void {
  try {
    rule.check.evaluate(input, ctx)
  } catch (err) {
    // Throw away anything the check emitted before it failed: a half-evaluated check must not
    // contribute passes.
    out.discardFrom(before)
    if (err instanceof UnreadableSlice) {
      ctx.error(ctx.accountArn, `Could not evaluate: ${describeAwsError(err.error)}`, err.error.code)
    } else {
      const message = err instanceof Error ? err.message : String(err)
      ctx.error(ctx.accountArn, `Check ${rule.check.id} failed: ${message}`, err instanceof UndeclaredSlice ? 'UndeclaredSlice' : 'CheckCrashed')
    }
  }
}

export function evaluateAccount(snapshot: Snapshot, account: AccountSnapshot, ruleSet: RuleSet, { now }: EvaluateOptions): Finding[] {
  const findings: Finding[] = []
  const out = arrayOut(findings)
  for (const rule of ruleSet.rules.values()) {
    if (!rule.enabled || rule.check.scope === 'organization') continue
    const regions = rule.check.scope === 'region' ? account.regions : [GLOBAL_REGION]
    for (const region of regions) {
      const ctx = emitter(rule, snapshot, out, now, ruleSet.settings)(account.accountId, region, account)
      const missing = missingRequirement(rule.check, account, snapshot, region)
      if (missing) {
        reportMissing(ctx, missing)
        continue
      }
      const before = out.count
      runGuarded(rule, { snapshot, account }, ctx, out, before)
      if (out.count === before) ctx.notApplicable(ctx.accountArn, 'No resources in scope for this check')
    }
  }
  return findings
}

/**
 * Whether a scan of this kind evaluates checks of this scope. A single-account scan never read the
 * organization view (it is absent, not unreadable), so organization checks are skipped and listed
 * as such in the report's coverage, rather than reported as errors. An org scan whose organization
 * reads failed has the view present-but-unreadable, and those checks report `error`.
 */
export function scanCovers(snapshot: Snapshot, scope: AnyCheck['scope']): boolean {
  return scope !== 'organization' || snapshot.organization !== undefined
}

/**
 * Runs the organization checks. With `sinkFor`, each check's findings go to the sink it returns for
 * that check, in batches, and are not kept (assembling a large organization spills them to disk);
 * without, they are returned.
 */
export function evaluateOrganization(snapshot: Snapshot, ruleSet: RuleSet, { now }: EvaluateOptions, sinkFor?: (checkId: string) => FindingSink): Finding[] {
  const all: Finding[] = []
  for (const rule of ruleSet.rules.values()) {
    if (!rule.enabled || rule.check.scope !== 'organization' || !scanCovers(snapshot, rule.check.scope)) continue
    const sink = sinkFor?.(rule.check.id)
    const out = sink ? sinkOut(sink) : Object.assign(arrayOut(all), { flush() {} })
    const start = out.count
    const ctx = emitter(rule, snapshot, out, now, ruleSet.settings)(snapshot.caller.accountId, GLOBAL_REGION, undefined)
    // The same readability gate as account checks: an unreadable organization view is an error on
    // the caller's account, and the check never runs on a partial picture.
    const missing = missingRequirement(rule.check, undefined, snapshot, GLOBAL_REGION)
    if (missing) {
      reportMissing(ctx, missing)
    } else {
      runGuarded(rule, { snapshot }, ctx, out, start)
      if (out.count === start) ctx.notApplicable(ctx.accountArn, 'No resources in scope for this check')
    }
    out.flush()
    sink?.commit()
  }
  return all
}

/** Deterministic order, so two runs over the same snapshot produce byte-identical reports. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.checkId.localeCompare(b.checkId) ||
      a.region.localeCompare(b.region) ||
      a.resource.localeCompare(b.resource) ||
      a.id.localeCompare(b.id),
  )
}

export function evaluateSnapshot(snapshot: Snapshot, ruleSet: RuleSet, options: EvaluateOptions): Finding[] {
  const findings = snapshot.accounts.flatMap((account) => evaluateAccount(snapshot, account, ruleSet, options))
  findings.push(...evaluateOrganization(snapshot, ruleSet, options))
  return sortFindings(findings)
}
