// The two shapes every CloudTrail check takes, over the trails that apply to an account
// (lib/trails.ts: its own in every scanned region, plus its organization's trails):
//   - judgeAccountByTrails: one verdict for the account — passes when SOME multi-region, logging
//     trail does what is asked (CIS 3.1 management events, CIS 3.8/3.9 S3 object events). A region
//     or a trail piece that could not be read is an error only when no trail already passes.
//   - judgeEachTrail: one verdict per applying trail (resource = trail ARN, emitted in the evaluated
//     account), an error per place whose trails could not be read, not_applicable when the account
//     has no trail at all.
// Messages name the trail and its account, so a member judged on its organization trail says so.
import type { EventSelectors, Trail } from '../../snapshot/cloudtrail.js'
import { describeCoverage, s3ObjectCoverage, selectorSummary, type Access } from './event-selectors.js'
import { describeAwsError, type AwsError } from '../../snapshot/readable.js'
import type { CheckContext, CheckInput } from '../define.js'
import { trailEvidence, trailsOfAccount, type AppliedTrail, type TrailsOfAccount } from './trails.js'

export const NO_TRAIL_HINT = 'see cloudtrail.multi-region'

/** "'main' (account 111111111111, organization trail)". */
export function trailLabel(applied: AppliedTrail): string {
  const { trail } = applied
  return `'${trail.name}' (account ${trail.accountId}${applied.via === 'organization' ? ', organization trail' : ''})`
}

/** 'the trails of eu-west-1' or 'the organization trails'. */
function describePlace(where: string): string {
  return where === 'organization trails' ? 'the organization trails' : `the trails of ${where}`
}

/** A resource for "the trails of this place could not be read": distinct per region, so finding ids never collide. */
export function placeResource(ctx: CheckContext<unknown>, where: string): string {
  const region = where === 'organization trails' ? '*' : where
  return `arn:${ctx.partition}:cloudtrail:${region}:${ctx.accountId}:trail/*`
}

export type SelectorVerdict = { ok: true; note?: string } | { ok: false; reason: string }

export interface AccountCoverageSpec {
  /** What a passing trail does, after "multi-region, logging and …": 'logs read and write management events'. */
  goal: string
  /** Decides a multi-region trail's readable event selectors. */
  judgeSelectors(selectors: EventSelectors, trail: Trail): SelectorVerdict
}

type Outcome =
  | { applied: AppliedTrail; kind: 'pass'; note?: string }
  | { applied: AppliedTrail; kind: 'fail'; reason: string }
  | { applied: AppliedTrail; kind: 'unknown'; error: AwsError; what: string }

function outcomeOf(applied: AppliedTrail, spec: AccountCoverageSpec): Outcome {
  const { trail } = applied
  if (!trail.isMultiRegion) return { applied, kind: 'fail', reason: `is a single-region trail (${trail.homeRegion})` }
  if (trail.status.kind === 'ok' && !trail.status.value.isLogging) return { applied, kind: 'fail', reason: 'exists but is not logging' }
  let note: string | undefined
  if (trail.selectors.kind === 'ok') {
    const verdict = spec.judgeSelectors(trail.selectors.value, trail)
    if (!verdict.ok) return { applied, kind: 'fail', reason: verdict.reason }
    note = verdict.note
  }
  if (trail.status.kind === 'unreadable') return { applied, kind: 'unknown', error: trail.status.error, what: 'status' }
  if (trail.selectors.kind === 'unreadable') return { applied, kind: 'unknown', error: trail.selectors.error, what: 'event selectors' }
  return note === undefined ? { applied, kind: 'pass' } : { applied, kind: 'pass', note }
}

function outcomeEvidence(o: Outcome): Record<string, unknown> {
  const base = { ...trailEvidence(o.applied), logging: o.applied.trail.status.kind === 'ok' ? o.applied.trail.status.value.isLogging : 'unreadable' }
  if (o.kind === 'pass') return { ...base, verdict: 'pass', ...(o.note ? { note: o.note } : {}) }
  if (o.kind === 'fail') return { ...base, verdict: 'fail', reason: o.reason }
  return { ...base, verdict: 'unreadable', unreadable: o.what, errorCode: o.error.code }
}

/** Needs `acrossRegions: ['cloudtrail.trails']`. Emits exactly one finding on the account. */
export function judgeAccountByTrails(input: CheckInput, ctx: CheckContext<unknown>, spec: AccountCoverageSpec): void {
  const applying = trailsOfAccount(input, ctx)
  const outcomes = applying.trails.map((t) => outcomeOf(t, spec))
  const evidence = { trails: outcomes.map(outcomeEvidence), unreadable: applying.unreadable.map((u) => ({ where: u.where, errorCode: u.error.code })) }
  const passing = outcomes.find((o) => o.kind === 'pass')
  if (passing) {
    const note = passing.kind === 'pass' && passing.note ? ` (${passing.note})` : ''
    ctx.pass(ctx.accountArn, `Trail ${trailLabel(passing.applied)} is multi-region, logging and ${spec.goal}${note}`, { evidence })
    return
  }
  const undecided = [
    ...applying.unreadable.map((u) => ({ text: `${describePlace(u.where)}: ${describeAwsError(u.error)}`, error: u.error })),
    ...outcomes.flatMap((o) => (o.kind === 'unknown' ? [{ text: `the ${o.what} of trail ${trailLabel(o.applied)}: ${describeAwsError(o.error)}`, error: o.error }] : [])),
  ]
  if (undecided.length > 0) {
    ctx.error(ctx.accountArn, `No readable trail is multi-region, logging and ${spec.goal}, and these could not be read: ${undecided.map((u) => u.text).join('; ')}`, undecided[0]!.error.code)
    return
  }
  if (outcomes.length === 0) {
    ctx.fail(ctx.accountArn, 'No CloudTrail trail applies to this account: it has none of its own in any scanned region, and no organization trail covers it', { evidence })
    return
  }
  const reasons = outcomes.map((o) => `${trailLabel(o.applied)} ${o.kind === 'fail' ? o.reason : ''}`.trim())
  ctx.fail(ctx.accountArn, `No trail is multi-region, logging and ${spec.goal}: ${reasons.join('; ')}`, { evidence })
}

export type TrailVerdict = { status: 'pass' | 'fail'; message: string; evidence?: Record<string, unknown> } | { status: 'error'; message: string; code: string }

/**
 * Needs `acrossRegions: ['cloudtrail.trails']`. One finding per applying trail (resource = its ARN),
 * one error per place whose trails could not be read, not_applicable when no trail applies at all.
 */
export function judgeEachTrail(input: CheckInput, ctx: CheckContext<unknown>, judge: (applied: AppliedTrail) => TrailVerdict): void {
  emitPerTrail(ctx, trailsOfAccount(input, ctx), judge)
}

/** The same over a given set of applying trails, in the account `ctx` emits for (organization checks). */
export function emitPerTrail(ctx: CheckContext<unknown>, applying: TrailsOfAccount, judge: (applied: AppliedTrail) => TrailVerdict): void {
  for (const u of applying.unreadable) ctx.error(placeResource(ctx, u.where), `Could not read ${describePlace(u.where)}: ${describeAwsError(u.error)}`, u.error.code)
  if (applying.trails.length === 0 && applying.unreadable.length === 0) {
    ctx.notApplicable(ctx.accountArn, `No CloudTrail trail applies to this account (${NO_TRAIL_HINT})`)
    return
  }
  for (const applied of applying.trails) {
    const verdict = judge(applied)
    const resource = applied.trail.arn
    if (verdict.status === 'error') ctx.error(resource, verdict.message, verdict.code)
    else {
      const evidence = { ...trailEvidence(applied), ...verdict.evidence }
      if (verdict.status === 'pass') ctx.pass(resource, verdict.message, { evidence })
      else ctx.fail(resource, verdict.message, { evidence })
    }
  }
}

/** CIS 3.8 / 3.9: some multi-region, logging trail logs S3 object-level `access` events for all buckets. */
export function judgeS3ObjectLogging(input: CheckInput, ctx: CheckContext<unknown>, access: Access): void {
  judgeAccountByTrails(input, ctx, {
    goal: `logs S3 object-level ${access} events for all buckets`,
    judgeSelectors(selectors, trail) {
      const coverage = s3ObjectCoverage(selectors, trail.arn.split(':')[1]!)
      if (coverage[access].covered) return { ok: true }
      const { style } = selectorSummary(selectors)
      return { ok: false, reason: style === 'none' ? 'has no event selectors' : `has ${style} event selectors that log ${describeCoverage(coverage)} S3 object events for all buckets` }
    },
  })
}
