// guardrail diff old.json new.json: what got worse and what got better between two findings reports,
// by stable finding id, for a human at a terminal (renderDiff) and for CI (diffReports: worse.length,
// or worseAtOrAbove for a --fail-on threshold).
//
// Per finding id (before = old report, after = new report; "absent" = not in that report):
//   worse   new-failure       fails after; did not fail before (pass, not_applicable, error, absent)
//           severity-raised   fails in both, at a higher severity after
//           lost-coverage     error after; evaluated before (pass, fail, not_applicable) or absent —
//                             a failure that turns into an error is not "better": it is no longer seen
//   better  resolved          failed before; pass, not_applicable or absent after
//           severity-lowered  fails in both, at a lower severity after
//           evaluated         error before; evaluated after
// An error that becomes a failure is both: a new failure (worse) and coverage regained (better).
// Worse changes of findings the newer report mutes (accepted in its suppressions file) are listed
// apart, in mutedWorse: they are not what CI should fail on.
// byCheck / byAccount: failing findings before and after (whatever their muting: a status is a
// fact, muting a decision) and the number of worse / better changes, for the entries that have any.
//
// Linear: one Map per report by id. An id can occur more than once in a report (two findings on one
// resource); such an id is compared as one: through its failing finding of highest severity
// (unmuted first), else its error, else its pass, else its not_applicable. So a report compared
// with itself shows no change. Deterministic: code-point order.
import { neutralizeControl } from '../core/terminal-text.js'
import { SEVERITIES, severityAtLeast, type Severity, type Status } from '../core/types.js'
import { byCodePoint } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'

type ReportFinding = FindingsReport['findings'][number]

export const WORSE_CHANGES = ['new-failure', 'severity-raised', 'lost-coverage'] as const
export const BETTER_CHANGES = ['resolved', 'severity-lowered', 'evaluated'] as const
export type WorseChange = (typeof WORSE_CHANGES)[number]
export type BetterChange = (typeof BETTER_CHANGES)[number]
export type Change = WorseChange | BetterChange

export interface DiffItem {
  change: Change
  id: string
  checkId: string
  accountId: string
  region: string
  resource: string
  /** The severity after (before, for a finding absent from the new report). */
  severity: Severity
  /** Status and severity in the old report; undefined when the finding was not in it. */
  before?: { status: Status; severity: Severity }
  /** Status and severity in the new report; undefined when the finding is not in it. */
  after?: { status: Status; severity: Severity }
  /** The message after (before, for a finding absent from the new report). */
  message: string
}

export interface NetCounts {
  /** Failing findings in the old report. */
  before: number
  /** Failing findings in the new report. */
  after: number
  worse: number
  better: number
}

export interface DiffSide {
  asOf: string
  findings: number
  failing: number
}

export interface DiffResult {
  old: DiffSide
  new: DiffSide
  /** What got worse, unmuted in the new report: most severe first. Non-empty → CI should fail. */
  worse: DiffItem[]
  /** Worse changes the new report mutes (suppressed): reported, not gated on. */
  mutedWorse: DiffItem[]
  better: DiffItem[]
  /** Per check id, in code-point order, for checks with failures or changes. */
  byCheck: Record<string, NetCounts>
  /** Per account id, in code-point order, for accounts with failures or changes. */
  byAccount: Record<string, NetCounts & { name?: string }>
}

const rank = (s: Severity) => SEVERITIES.indexOf(s)

function item(change: Change, before: ReportFinding | undefined, after: ReportFinding | undefined): DiffItem {
  const f = (after ?? before)!
  return {
    change,
    id: f.id,
    checkId: f.checkId,
    accountId: f.accountId,
    region: f.region,
    resource: f.resource,
    severity: f.severity,
    ...(before ? { before: { status: before.status, severity: before.severity } } : {}),
    ...(after ? { after: { status: after.status, severity: after.severity } } : {}),
    message: f.message,
  }
}

/** What got worse for this id, if anything. */
function worseChange(before: ReportFinding | undefined, after: ReportFinding): WorseChange | undefined {
  if (after.status === 'fail') {
    if (before?.status !== 'fail') return 'new-failure'
    return rank(after.severity) < rank(before.severity) ? 'severity-raised' : undefined
  }
  if (after.status === 'error' && before?.status !== 'error') return 'lost-coverage'
  return undefined
}

/** What got better for this id, if anything (`after` undefined: gone from the new report). */
function betterChange(before: ReportFinding | undefined, after: ReportFinding | undefined): BetterChange | undefined {
  if (!before) return undefined
  if (before.status === 'fail') {
    if (!after || after.status === 'pass' || after.status === 'not_applicable') return 'resolved'
    if (after.status === 'fail' && rank(after.severity) > rank(before.severity)) return 'severity-lowered'
    return undefined
  }
  if (before.status === 'error' && after !== undefined && after.status !== 'error') return 'evaluated'
  return undefined
}

function compareItems(a: DiffItem, b: DiffItem): number {
  return (
    rank(a.severity) - rank(b.severity) ||
    byCodePoint(a.checkId, b.checkId) ||
    byCodePoint(a.accountId, b.accountId) ||
    byCodePoint(a.region, b.region) ||
    byCodePoint(a.resource, b.resource) ||
    byCodePoint(a.id, b.id) ||
    byCodePoint(a.change, b.change)
  )
}

const zero = (): NetCounts => ({ before: 0, after: 0, worse: 0, better: 0 })

/** Which finding speaks for an id that occurs more than once (see the header): lower is stronger. */
const STATUS_WEIGHT: Record<Status, number> = { fail: 0, error: 1, pass: 2, not_applicable: 3 }
function stronger(a: ReportFinding, b: ReportFinding): boolean {
  return (
    STATUS_WEIGHT[a.status] - STATUS_WEIGHT[b.status] ||
    (a.status === 'fail' ? rank(a.severity) - rank(b.severity) || Number(a.muted !== undefined) - Number(b.muted !== undefined) : 0)
  ) < 0
}

/** One finding per id, in report order of first occurrence. */
function byId(findings: readonly ReportFinding[]): Map<string, ReportFinding> {
  const map = new Map<string, ReportFinding>()
  for (const f of findings) {
    const held = map.get(f.id)
    if (!held || stronger(f, held)) map.set(f.id, f)
  }
  return map
}

export function diffReports(oldReport: FindingsReport, newReport: FindingsReport): DiffResult {
  const before = byId(oldReport.findings)
  const after = byId(newReport.findings)
  const worse: DiffItem[] = []
  const mutedWorse: DiffItem[] = []
  const better: DiffItem[] = []
  const byCheck = new Map<string, NetCounts>()
  const byAccount = new Map<string, NetCounts>()
  const countFor = (f: { checkId: string; accountId: string }, add: (c: NetCounts) => void) => {
    add(byCheck.get(f.checkId) ?? byCheck.set(f.checkId, zero()).get(f.checkId)!)
    add(byAccount.get(f.accountId) ?? byAccount.set(f.accountId, zero()).get(f.accountId)!)
  }

  for (const f of oldReport.findings) if (f.status === 'fail') countFor(f, (c) => c.before++)
  for (const f of newReport.findings) if (f.status === 'fail') countFor(f, (c) => c.after++)
  for (const [id, now] of after) {
    const was = before.get(id)
    const w = worseChange(was, now)
    if (w) {
      const change = item(w, was, now)
      if (now.muted) mutedWorse.push(change)
      else {
        worse.push(change)
        countFor(now, (c) => c.worse++)
      }
    }
    const b = betterChange(was, now)
    if (b) {
      better.push(item(b, was, now))
      countFor(now, (c) => c.better++)
    }
  }
  for (const [id, was] of before) {
    if (after.has(id)) continue
    const b = betterChange(was, undefined)
    if (b) {
      better.push(item(b, was, undefined))
      countFor(was, (c) => c.better++)
    }
  }

  const names = new Map<string, string>()
  for (const a of [...oldReport.run.accounts, ...newReport.run.accounts]) if (a.name !== undefined) names.set(a.accountId, a.name)
  const sortedEntries = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => byCodePoint(a, b))
  const side = (r: FindingsReport): DiffSide => ({ asOf: r.run.asOf, findings: r.findings.length, failing: r.findings.filter((f) => f.status === 'fail').length })
  return {
    old: side(oldReport),
    new: side(newReport),
    worse: worse.sort(compareItems),
    mutedWorse: mutedWorse.sort(compareItems),
    better: better.sort(compareItems),
    byCheck: Object.fromEntries(sortedEntries(byCheck)),
    byAccount: Object.fromEntries(
      sortedEntries(byAccount).map(([id, counts]) => {
        const name = names.get(id)
        return [id, name !== undefined ? { ...counts, name } : counts]
      }),
    ),
  }
}

/** The worse changes at or above a severity: what `guardrail diff --fail-on <severity>` gates on. */
export function worseAtOrAbove(result: DiffResult, threshold: Severity): DiffItem[] {
  return result.worse.filter((i) => severityAtLeast(i.severity, threshold))
}

// ---- rendering ---------------------------------------------------------------------------------

export interface RenderDiffOptions {
  /** Names for the two sides in the header (e.g. the file paths); default: their as-of. */
  oldLabel?: string
  newLabel?: string
  /** Checks listed per section; the rest are counted. */
  maxChecks?: number
  /** Findings listed per check; the rest are counted. */
  maxItemsPerCheck?: number
  /** Accounts listed in the net table; the rest are counted. */
  maxAccounts?: number
}

const MAX_FIELD = 160

/**
 * One line of terminal-safe text from a string that came from AWS or from a file: control, bidi and
 * separator characters as visible escapes (neutralizeControl), and line breaks and tabs too — an
 * item is one line, and a resource name must not be able to forge the next one.
 */
function safe(text: string, max = MAX_FIELD): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text
  return neutralizeControl(clipped).replace(/\n/g, '\\n').replace(/\t/g, '\\t')
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const signed = (n: number) => (n > 0 ? `+${n}` : String(n))
const statusWord = (s: Status) => (s === 'not_applicable' ? 'not applicable' : s)

function changeText(i: DiffItem): string {
  const was = i.before ? `was ${statusWord(i.before.status)}` : 'new'
  switch (i.change) {
    case 'new-failure':
      return `new failure (${was})`
    case 'lost-coverage':
      return `not evaluated (${was})`
    case 'severity-raised':
    case 'severity-lowered':
      return `severity ${i.before!.severity} → ${i.after!.severity}`
    case 'resolved':
      return i.after ? `resolved (now ${statusWord(i.after.status)})` : 'resolved (gone)'
    case 'evaluated':
      return `evaluated (now ${statusWord(i.after!.status)})`
  }
}

const CHANGE_NAMES: Record<Change, [one: string, many: string]> = {
  'new-failure': ['new failure', 'new failures'],
  'severity-raised': ['severity raised', 'severities raised'],
  'lost-coverage': ['lost coverage', 'lost coverage'],
  resolved: ['resolved', 'resolved'],
  'severity-lowered': ['severity lowered', 'severities lowered'],
  evaluated: ['evaluated again', 'evaluated again'],
}

function breakdown(items: readonly DiffItem[], changes: readonly Change[]): string {
  return changes
    .map((c) => [c, items.filter((i) => i.change === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${CHANGE_NAMES[c][n === 1 ? 0 : 1]}`)
    .join(', ')
}

function section(title: string, items: readonly DiffItem[], changes: readonly Change[], result: DiffResult, o: Required<Omit<RenderDiffOptions, 'oldLabel' | 'newLabel'>>): string[] {
  if (items.length === 0) return [`${title}: nothing`]
  const lines = [`${title}: ${items.length} — ${breakdown(items, changes)}`]
  // Grouped by check, checks in the order of their most severe item (items are sorted that way).
  const groups = new Map<string, DiffItem[]>()
  for (const i of items) (groups.get(i.checkId) ?? groups.set(i.checkId, []).get(i.checkId)!).push(i)
  const checks = [...groups.entries()]
  for (const [checkId, group] of checks.slice(0, o.maxChecks)) {
    lines.push(`  ${safe(checkId)} (${group[0]!.severity}): ${group.length}`)
    for (const i of group.slice(0, o.maxItemsPerCheck)) {
      const name = result.byAccount[i.accountId]?.name
      const account = name !== undefined ? `${safe(i.accountId)} (${safe(name, 60)})` : safe(i.accountId)
      lines.push(`    ${changeText(i).padEnd(33)} ${account}  ${safe(i.region)}  ${safe(i.resource)}`)
    }
    if (group.length > o.maxItemsPerCheck) lines.push(`    … and ${group.length - o.maxItemsPerCheck} more`)
  }
  if (checks.length > o.maxChecks) {
    const rest = checks.slice(o.maxChecks).reduce((n, [, g]) => n + g.length, 0)
    lines.push(`  … and ${plural(checks.length - o.maxChecks, 'more check')} (${plural(rest, 'change')})`)
  }
  return lines
}

/** A plain-text summary of a diff for the terminal; every string from the reports is made safe. */
export function renderDiff(result: DiffResult, options: RenderDiffOptions = {}): string {
  const o = { maxChecks: options.maxChecks ?? 20, maxItemsPerCheck: options.maxItemsPerCheck ?? 5, maxAccounts: options.maxAccounts ?? 10 }
  const oldLabel = safe(options.oldLabel ?? result.old.asOf)
  const newLabel = safe(options.newLabel ?? result.new.asOf)
  const delta = result.new.failing - result.old.failing
  const lines = [
    `guardrail diff: ${oldLabel} → ${newLabel}`,
    `  failing findings: ${result.old.failing} → ${result.new.failing} (${signed(delta)}); findings: ${result.old.findings} → ${result.new.findings}`,
    `  as of: ${safe(result.old.asOf)} → ${safe(result.new.asOf)}`,
    '',
    ...section('Worse', result.worse, WORSE_CHANGES, result, o),
  ]
  if (result.mutedWorse.length > 0) lines.push(`  (${plural(result.mutedWorse.length, 'more worse change')} muted by the new report's suppressions, not listed)`)
  lines.push('', ...section('Better', result.better, BETTER_CHANGES, result, o))

  // Accounts whose failing count moved, largest moves first.
  const moved = Object.entries(result.byAccount)
    .map(([id, c]) => ({ id, name: c.name, net: c.after - c.before }))
    .filter((a) => a.net !== 0)
    .sort((a, b) => Math.abs(b.net) - Math.abs(a.net) || b.net - a.net || byCodePoint(a.id, b.id))
  if (moved.length > 0) {
    lines.push('', 'Failing findings by account (change):')
    for (const a of moved.slice(0, o.maxAccounts)) lines.push(`  ${signed(a.net).padStart(6)}  ${safe(a.id)}${a.name !== undefined ? ` (${safe(a.name, 60)})` : ''}`)
    if (moved.length > o.maxAccounts) lines.push(`  … and ${plural(moved.length - o.maxAccounts, 'more account')}`)
  }
  return `${lines.join('\n')}\n`
}
