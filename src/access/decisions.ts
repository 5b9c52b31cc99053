// The access reviewer's decisions (access-decisions.yaml): for each IAM user, or one row of the review
// sheet (`guardrail access review`), keep or revoke, who decided, when and why, and — for revoke — what
// exactly is to be taken away. The check iam.access-reviewed judges every IAM user by its latest
// decision, and `guardrail remediate` carries out the revoke actions.
//
//   review: { period: 2026-Q4, reviewer: jane@example.com }   # optional defaults for the entries
//   decisions:
//     - principal: arn:aws:iam::111111111111:user/alice       # or the user name
//       row: 3f9a2c1b            # optional: one row of the sheet; absent = the whole principal
//       decision: revoke         # keep | revoke
//       reviewer: jane@example.com
//       date: 2026-11-28
//       reason: left the platform team
//       revoke: [remove-from-group:Developers, disable-console, deactivate-access-keys]
//
// Validated at the boundary, strictly: YAML through the one bounded reader (rules/load.ts), the shape
// and the rules through zod. Every problem is an InputError (exit 2) naming the file, the entry and the
// field, with the closest valid name where a name was mistyped (a silently ignored "reviwer" or
// "disable-consol" would make a review count that did not happen, or a revoke that never runs).
import { z } from 'zod'
import { isoCalendarDate, nonEmptyText } from '../core/calendar-date.js'
import { InputError } from '../core/errors.js'
import { closeMatches } from '../core/suggest.js'
import { neutralizeControl } from '../core/terminal-text.js'
import { problemList } from '../core/zod-format.js'
import { readYamlFile } from '../rules/load.js'

export const DECISION_VALUES = ['keep', 'revoke'] as const
export type DecisionValue = (typeof DECISION_VALUES)[number]

/** What a revoke decision can ask for, each something a runbook (or a person) can carry out. */
export const REVOKE_ACTION_FORMS = ['remove-from-group:<GroupName>', 'disable-console', 'deactivate-access-keys'] as const
export type RevokeAction = `remove-from-group:${string}` | 'disable-console' | 'deactivate-access-keys'

/** IAM group names: letters, digits and +=,.@_- (at most 128). */
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/
/** IAM user names: letters, digits and +=,.@_- (at most 64). */
const USER_NAME = /^[\w+=,.@-]{1,64}$/
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/
const ROW_ID = /^[0-9a-f]{8}$/

export function isRevokeAction(value: string): value is RevokeAction {
  if (value === 'disable-console' || value === 'deactivate-access-keys') return true
  return value.startsWith('remove-from-group:') && GROUP_NAME.test(value.slice('remove-from-group:'.length))
}

/** The group a remove-from-group action names, or undefined for the other actions. */
export function groupOf(action: RevokeAction): string | undefined {
  return action.startsWith('remove-from-group:') ? action.slice('remove-from-group:'.length) : undefined
}

const isoDate = isoCalendarDate
const text = nonEmptyText

/** One decision as the check and the review sheet use it: the file's defaults applied. */
export const decisionSchema = z.strictObject({
  principal: z.string().min(1).describe('IAM user ARN, or the user name (then it matches that user in every account)'),
  row: z.string().regex(ROW_ID).optional().describe('Row id of the review sheet; absent: the decision is about the whole principal'),
  decision: z.enum(DECISION_VALUES),
  reviewer: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reason: z.string().optional(),
  revoke: z.array(z.string().refine(isRevokeAction, 'not a revoke action')).describe('What to take away (empty for keep)'),
  period: z.string().optional().describe("The review's period (review.period), e.g. 2026-Q4"),
  entry: z.number().int().positive().describe('Position in the decisions file (1-based), for messages'),
})
export type Decision = Omit<z.infer<typeof decisionSchema>, 'revoke'> & { revoke: RevokeAction[] }
export type Decisions = Decision[]

const ENTRY_KEYS = ['principal', 'row', 'decision', 'reviewer', 'date', 'reason', 'revoke'] as const
const REVIEW_KEYS = ['period', 'reviewer', 'date'] as const
const FILE_KEYS = ['review', 'decisions'] as const

const entryFileSchema = z.strictObject({
  principal: text,
  row: z.string().regex(ROW_ID, 'expected a row id of the review sheet: 8 hex digits such as 3f9a2c1b').optional(),
  decision: z.string(),
  reviewer: text.optional(),
  date: isoDate.optional(),
  reason: text.optional(),
  revoke: z.array(z.string()).optional(),
})

export const decisionsFileSchema = z
  .strictObject({
    review: z
      .strictObject({
        period: z.union([text, z.number()]).transform(String).optional().describe('The review period, e.g. 2026-Q4'),
        reviewer: text.optional().describe('Default reviewer of the entries'),
        date: isoDate.optional().describe('Default date of the entries'),
      })
      .optional(),
    decisions: z.array(entryFileSchema).default([]),
  })
  .describe('guardrail access review decisions (access-decisions.yaml)')
type DecisionsFile = z.infer<typeof decisionsFileSchema>

/** 'decisions', 3, 'revoke', 1 → 'decisions[3] (entry 4).revoke[1]' */
function where(path: readonly PropertyKey[]): string {
  let out = ''
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!
    if (typeof p === 'number') out += path[i - 1] === 'decisions' ? `[${p}] (entry ${p + 1})` : `[${p}]`
    else out += `${out === '' ? '' : '.'}${neutralizeControl(String(p))}`
  }
  return out || '(top level)'
}

const quoted = (value: string) => neutralizeControl(JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value))
const didYouMean = (value: string, candidates: readonly string[]) => {
  const near = closeMatches(value, candidates)
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''
}

function keysAllowedAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return FILE_KEYS
  if (path.length === 1 && path[0] === 'review') return REVIEW_KEYS
  return ENTRY_KEYS
}

function describeShapeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAllowedAt(issue.path)
    return issue.keys.map((k) => `${where(issue.path)}: unknown key ${quoted(k)}${didYouMean(k, allowed)}; expected ${allowed.join(', ')}`)
  }
  return [`${where(issue.path)}: ${neutralizeControl(issue.message)}`]
}

/** What makes the entries valid beyond their shape: the rules of a decision, the defaults, the dates. */
function ruleProblems(file: DecisionsFile, today: string): string[] {
  const problems: string[] = []
  if (file.review?.date !== undefined && file.review.date > today) problems.push(`review.date: ${file.review.date} is in the future (today is ${today})`)
  file.decisions.forEach((e, i) => {
    const at = (field: string) => `decisions[${i}] (entry ${i + 1}).${field}`
    const p = e.principal
    if (p.startsWith('arn:') ? !USER_ARN.test(p) : !USER_NAME.test(p)) {
      problems.push(`${at('principal')}: ${quoted(p)} is not an IAM user ARN (arn:aws:iam::<account>:user/<name>) or an IAM user name`)
    }
    const decision = e.decision as DecisionValue
    if (!DECISION_VALUES.includes(decision)) {
      problems.push(`${at('decision')}: ${quoted(e.decision)} is not a decision${didYouMean(e.decision, DECISION_VALUES)}; expected keep or revoke`)
    }
    if (e.reviewer === undefined && file.review?.reviewer === undefined) problems.push(`${at('reviewer')}: missing: name who decided (here, or once as review.reviewer)`)
    if (e.date === undefined && file.review?.date === undefined) problems.push(`${at('date')}: missing: the date of the decision (here, or once as review.date)`)
    if (e.date !== undefined && e.date > today) problems.push(`${at('date')}: ${e.date} is in the future (today is ${today})`)
    if (decision === 'revoke' && (e.revoke === undefined || e.revoke.length === 0)) {
      problems.push(`${at('revoke')}: required when the decision is revoke: list what to take away (${REVOKE_ACTION_FORMS.join(', ')})`)
    }
    if (decision === 'keep' && e.revoke !== undefined) problems.push(`${at('revoke')}: only allowed with decision: revoke (this entry keeps the access)`)
    ;(e.revoke ?? []).forEach((action, j) => {
      if (isRevokeAction(action)) return
      const group = action.startsWith('remove-from-group:') ? action.slice('remove-from-group:'.length) : undefined
      problems.push(
        group !== undefined
          ? `${at(`revoke[${j}]`)}: ${quoted(group)} is not an IAM group name (letters, digits and +=,.@_-, at most 128)`
          : `${at(`revoke[${j}]`)}: ${quoted(action)} is not a revoke action${didYouMean(action, ['disable-console', 'deactivate-access-keys', 'remove-from-group:'])}; expected ${REVOKE_ACTION_FORMS.join(', ')}`,
      )
    })
  })
  return problems
}

function fail(file: string, problems: string[]): never {
  throw new InputError(
    'InvalidDecisions',
    `${neutralizeControl(file)} is not a valid access decisions file:\n${problemList(problems, (p) => p)}`,
    `Fix the field(s) named above. Each entry: principal, decision (keep|revoke), reviewer, date (YYYY-MM-DD, not in the future), optional row and reason; revoke: [${REVOKE_ACTION_FORMS.join(', ')}] with decision revoke only.`,
  )
}

/**
 * Reads and validates a decisions file; `now` decides which dates are in the future (UTC). Entries
 * come back with the file's review defaults applied, in file order.
 */
export function loadDecisions(file: string, now: Date): Decisions {
  const raw = readYamlFile(file, z.unknown(), 'access decisions file')
  const parsed = decisionsFileSchema.safeParse(raw ?? {})
  if (!parsed.success) fail(file, parsed.error.issues.flatMap(describeShapeIssue))
  const today = now.toISOString().slice(0, 10)
  const problems = ruleProblems(parsed.data, today)
  if (problems.length > 0) fail(file, problems)
  const review = parsed.data.review
  return parsed.data.decisions.map((e, i): Decision => ({
    principal: e.principal,
    ...(e.row !== undefined ? { row: e.row } : {}),
    decision: e.decision as DecisionValue,
    reviewer: (e.reviewer ?? review?.reviewer)!,
    date: (e.date ?? review?.date)!,
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    revoke: (e.revoke ?? []) as RevokeAction[],
    ...(review?.period !== undefined ? { period: review.period } : {}),
    entry: i + 1,
  }))
}

/** The user name of an IAM user ARN: arn:aws:iam::1:user/path/alice → alice. */
export function userNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** Whether a decision's principal (an ARN, or a user name) names this user. */
export function decisionNames(principal: string, userArn: string): boolean {
  return principal.startsWith('arn:') ? principal === userArn : principal === userNameOfArn(userArn)
}

/** A principal's latest review: every decision about it (whole or one row) made on its newest date. */
export interface LatestReview {
  date: string
  /** revoke when any decision of that day revokes something; else keep. */
  decision: DecisionValue
  /** The reviewers of that day, distinct, joined with ", ". */
  reviewer: string
  /** Everything that day's decisions revoke, each once, in file order. */
  revoke: RevokeAction[]
  reasons: string[]
  entries: Decision[]
}

/**
 * The latest review of a principal, or undefined when no decision names it. Decisions of the same day
 * are one review: a revoke on one row is never hidden by a keep of the whole principal written after it.
 */
export function latestDecisionFor(decisions: readonly Decision[], principalArn: string): LatestReview | undefined {
  let date: string | undefined
  let entries: Decision[] = []
  for (const d of decisions) {
    if (!decisionNames(d.principal, principalArn)) continue
    if (date === undefined || d.date > date) {
      date = d.date
      entries = [d]
    } else if (d.date === date) entries.push(d)
  }
  if (date === undefined) return undefined
  const revoke = [...new Set(entries.flatMap((e) => e.revoke))]
  return {
    date,
    decision: entries.some((e) => e.decision === 'revoke') ? 'revoke' : 'keep',
    reviewer: [...new Set(entries.map((e) => e.reviewer))].join(', '),
    revoke,
    reasons: entries.flatMap((e) => (e.reason !== undefined ? [e.reason] : [])),
    entries,
  }
}

/** The decision that applies to one row of the review sheet: the latest about that row, else the latest about the whole principal. */
export function decisionForRow(decisions: readonly Decision[], principalArn: string, rowId: string): Decision | undefined {
  let forRow: Decision | undefined
  let forPrincipal: Decision | undefined
  for (const d of decisions) {
    if (!decisionNames(d.principal, principalArn)) continue
    if (d.row === rowId) {
      if (forRow === undefined || d.date >= forRow.date) forRow = d
    } else if (d.row === undefined) {
      if (forPrincipal === undefined || d.date >= forPrincipal.date) forPrincipal = d
    }
  }
  return forRow ?? forPrincipal
}
