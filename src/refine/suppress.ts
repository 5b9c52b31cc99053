// Applies a suppressions file to a findings report: matching failures are muted (they keep their
// status, carry finding.muted, and leave summary.failuresBySeverity, which --fail-on reads).
//
// Decisions, each for a reason:
// - Only failing findings are muted and counted as matched. A suppression accepts a known failure;
//   once the resource passes, the entry has nothing left to do and shows as unused (matched: 0), so
//   the file does not rot. Errors are not muted: "could not evaluate" is a coverage gap, not an
//   accepted risk, and stays visible to --strict.
// - Expiry is decided against the report's run.asOf, never the clock: the same report and file give
//   the same result on any day. An entry is active through the whole of its `expires` day in UTC
//   (asOf < expires + 1 day, 00:00Z). Expired entries mute nothing but still count what they would
//   have matched, so the report says what an expiry just unmuted.
// - The first active entry in file order that matches a finding mutes it (finding.muted.suppression
//   names it). `matched` counts every failing finding an entry selects, whichever entry muted it:
//   it describes the entry, not the order of the file (suppressionWarnings points out entries that
//   match but never mute because an earlier entry always wins).
// - How far ahead `expires` may be is not capped (the loader has no clock, and refusing here would
//   make one file valid or not depending on the snapshot evaluated); suppressionWarnings calls out
//   active entries that expire more than FAR_EXPIRY_DAYS (366) after the as-of: accepted risks are
//   reviewed at least yearly (ISO 27001-style risk treatment), and a 2099 expiry means "never".
// - Any `muted` already in the input (a report refined before) is cleared first: applying the same
//   file twice gives the same report, and a different file replaces the earlier one's effect.
// - The summary (failuresBySeverity, muted …) is recounted from the findings (recount.ts), and so is
//   baseline.newFailuresBySeverity when the report already carries a baseline: the order in which
//   the CLI applies baseline and suppressions does not matter.
//
// Cost: entries are pre-filtered once per distinct check id and once per account (OU and tag
// matching happen there), so each finding only meets the entries that can match it.
import { InputError } from '../core/errors.js'
import { neutralizeControl } from '../core/terminal-text.js'
import type { Mute } from '../core/types.js'
import type { FindingsReport } from '../report/schema.js'
import { copyFinding } from './baseline.js'
import { compileGlob, type GlobTest } from '../core/glob.js'
import { recount } from './recount.js'
import { suppressionLabel, type SuppressionEntry } from './suppressions-schema.js'

type ReportFinding = FindingsReport['findings'][number]
type ReportAccount = FindingsReport['run']['accounts'][number]
export type SuppressionsSection = NonNullable<FindingsReport['suppressions']>

const DAY_MS = 86_400_000

/** The instant an entry stops muting: the start (00:00 UTC) of the day after `expires`. */
export function expiryInstant(expires: string): number {
  const [y, m, d] = expires.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) + DAY_MS
}

export function asOfInstant(report: Pick<FindingsReport, 'run'>): number {
  const instant = Date.parse(report.run.asOf)
  if (Number.isNaN(instant)) {
    throw new InputError('InvalidReport', `The report's run.asOf ${JSON.stringify(report.run.asOf.slice(0, 40))} is not a date: expiries cannot be decided.`, 'Use a findings.json written by guardrail.')
  }
  return instant
}

interface CompiledEntry {
  label: string
  entry: SuppressionEntry
  active: boolean
  mute: Mute
  checks: GlobTest[] | undefined
  accounts: ReadonlySet<string> | undefined
  ous: ReadonlySet<string> | undefined
  regions: ReadonlySet<string> | undefined
  resources: GlobTest[] | undefined
  tags: [key: string, value: GlobTest][] | undefined
  findings: ReadonlySet<string> | undefined
}

function compile(entry: SuppressionEntry, index: number, asOf: number): CompiledEntry {
  const label = suppressionLabel(entry, index)
  return {
    label,
    entry,
    active: asOf < expiryInstant(entry.expires),
    mute: { reason: entry.reason, owner: entry.owner, expires: entry.expires, suppression: label },
    checks: entry.checks?.map(compileGlob),
    accounts: entry.accounts && new Set(entry.accounts),
    ous: entry.ous && new Set(entry.ous),
    regions: entry.regions && new Set(entry.regions),
    resources: entry.resources?.map(compileGlob),
    tags: entry.tags && Object.entries(entry.tags).map(([key, value]): [string, GlobTest] => [key, compileGlob(value)]),
    findings: entry.findings && new Set(entry.findings),
  }
}

/** The account-level fields: accounts, ous (id or name anywhere on the OU path), tags (all of them). */
function matchesAccount(e: CompiledEntry, accountId: string, account: ReportAccount | undefined): boolean {
  if (e.accounts && !e.accounts.has(accountId)) return false
  if (e.ous) {
    const ous = e.ous
    if (!account?.ouPath?.some((ou) => ous.has(ou.id) || ous.has(ou.name))) return false
  }
  if (e.tags) {
    const tags = account?.tags
    if (!tags) return false
    for (const [key, value] of e.tags) {
      if (!Object.hasOwn(tags, key) || !value(tags[key]!)) return false
    }
  }
  return true
}

function matchesFinding(e: CompiledEntry, f: ReportFinding): boolean {
  if (e.regions && !e.regions.has(f.region)) return false
  if (e.findings && !e.findings.has(f.id)) return false
  if (e.resources && !e.resources.some((test) => test(f.resource))) return false
  return true
}

/**
 * Suppressions compiled against one run (its accounts and as-of), usable one finding at a time, so
 * a streamed organization report can be refined without holding every finding: call muteOf for
 * each finding, then section() for report.suppressions.
 */
export interface SuppressionMatcher {
  /** The mute for this finding (first active matching entry), or undefined; counts matches. */
  muteOf(finding: Pick<ReportFinding, 'id' | 'checkId' | 'status' | 'accountId' | 'region' | 'resource'>): Mute | undefined
  /** report.suppressions: every entry in file order, with its state and what it matched so far. */
  section(): SuppressionsSection
}

export function compileSuppressions(entries: readonly SuppressionEntry[], run: Pick<FindingsReport['run'], 'accounts' | 'asOf'>, file: string): SuppressionMatcher {
  const asOf = asOfInstant({ run: run as FindingsReport['run'] })
  const compiled = entries.map((entry, index) => compile(entry, index, asOf))
  const matched = new Array<number>(compiled.length).fill(0)
  const accounts = new Map(run.accounts.map((a) => [a.accountId, a]))
  // Entry indexes (file order) whose `checks` accept a check id, and per account whether each entry
  // accepts it: both small (checks × entries, accounts × entries) and computed on first use.
  const byCheck = new Map<string, number[]>()
  const byAccount = new Map<string, Uint8Array>()
  const candidatesFor = (checkId: string): number[] => {
    let list = byCheck.get(checkId)
    if (!list) {
      list = []
      for (let i = 0; i < compiled.length; i++) {
        const checks = compiled[i]!.checks
        if (!checks || checks.some((test) => test(checkId))) list.push(i)
      }
      byCheck.set(checkId, list)
    }
    return list
  }
  const accountMask = (accountId: string): Uint8Array => {
    let mask = byAccount.get(accountId)
    if (!mask) {
      const account = accounts.get(accountId)
      mask = Uint8Array.from(compiled, (e) => (matchesAccount(e, accountId, account) ? 1 : 0))
      byAccount.set(accountId, mask)
    }
    return mask
  }
  return {
    muteOf(f) {
      if (f.status !== 'fail') return undefined
      const mask = accountMask(f.accountId)
      let mute: Mute | undefined
      for (const i of candidatesFor(f.checkId)) {
        const e = compiled[i]!
        if (mask[i] !== 1 || !matchesFinding(e, f as ReportFinding)) continue
        matched[i]!++
        if (mute === undefined && e.active) mute = { ...e.mute }
      }
      return mute
    },
    section() {
      return {
        file,
        entries: compiled.map((e, i) => ({
          suppression: e.label,
          reason: e.entry.reason,
          owner: e.entry.owner,
          expires: e.entry.expires,
          state: e.active ? ('active' as const) : ('expired' as const),
          matched: matched[i]!,
        })),
      }
    },
  }
}

/**
 * The report with `entries` applied (see the header for the rules). Pure: the input report is not
 * changed. `file` is recorded as report.suppressions.file (pass it as the user gave it).
 */
export function applySuppressions(report: FindingsReport, entries: readonly SuppressionEntry[], file: string): FindingsReport {
  const matcher = compileSuppressions(entries, report.run, file)
  // Whatever muted the finding before is replaced (cleared when nothing matches now).
  const findings = report.findings.map((f) => copyFinding(f, { muted: matcher.muteOf(f) }))
  return recount({ ...report, findings, suppressions: matcher.section() })
}

/** More than this after the report's as-of, an expiry is called out: accepted risks are reviewed yearly. */
export const FAR_EXPIRY_DAYS = 366

/**
 * Lines for the terminal about a report refined by applySuppressions: expired entries, entries that
 * matched nothing (delete them), entries always beaten by an earlier one, and expiries more than a
 * year away. Empty when there is nothing to say. Deterministic (as-of, not the clock).
 */
export function suppressionWarnings(report: FindingsReport): string[] {
  const section = report.suppressions
  if (!section) return []
  const asOf = asOfInstant(report)
  const mutedBy = new Map<string, number>()
  for (const f of report.findings) if (f.muted?.suppression !== undefined) mutedBy.set(f.muted.suppression, (mutedBy.get(f.muted.suppression) ?? 0) + 1)
  const warnings: string[] = []
  const file = neutralizeControl(section.file)
  const plural = (n: number) => `${n} failing finding${n === 1 ? '' : 's'}`
  for (const e of section.entries) {
    // Neutralised although a loaded file's labels and dates are validated: the section may come from
    // a findings.json someone else wrote.
    const name = `${file}: suppression ${neutralizeControl(e.suppression)}`
    const expires = neutralizeControl(e.expires)
    if (e.state === 'expired') {
      warnings.push(`${name} expired on ${expires} and no longer mutes anything${e.matched > 0 ? ` (it would match ${plural(e.matched)})` : ''}: renew it with a new reason, or delete it.`)
    } else if (e.matched === 0) {
      warnings.push(`${name} matched no failing finding: if the problem is fixed, delete it.`)
    } else if ((mutedBy.get(e.suppression) ?? 0) === 0) {
      warnings.push(`${name} matches ${plural(e.matched)} but mutes none: an earlier entry mutes them all.`)
    }
    if (e.state === 'active' && expiryInstant(e.expires) - asOf > FAR_EXPIRY_DAYS * DAY_MS) {
      warnings.push(`${name} expires on ${expires}, more than a year after this report: accepted risks should be reviewed at least once a year.`)
    }
  }
  return warnings
}
