// --baseline previous-findings.json: marks each finding of this report new, unchanged or resolved
// against an earlier findings.json, by stable finding id, so CI can fail on what got worse
// (`--fail-on high --new-only` reads baseline.newFailuresBySeverity) instead of on old debt.
//
// Per finding id (the rules of reportFindingSchema.baseline):
//   failing now,     failing in the baseline            → unchanged
//   failing now,     not failing there, or not there    → new
//   not failing now, failing in the baseline            → resolved
//   not failing now, not failing there                  → unchanged with the same status, else new
// Failing baseline findings whose id is not in this report at all (resource deleted, account gone)
// are listed in baseline.gone and counted as resolved.
// firstSeen: when the finding was first seen with its current status — the baseline's firstSeen
// (else the baseline's as-of) when the baseline has the id with the same status, else this
// report's as-of. So it carries over from baseline to baseline.
//
// One Map by id for the baseline, looked up once per finding of this report: linear, 100k × 100k findings in well
// under a second. An id can occur more than once in a report (two findings on one resource, e.g. a
// check reporting two problems of one user): the baseline id is "failing" when any of its findings
// fails, a non-failing finding is unchanged when the baseline has the id with its status, and
// firstSeen comes from the first baseline finding with the status. A report compared with itself is
// all unchanged.
//
// loadFindingsFile reads any findings.json given to guardrail (a baseline, both sides of `diff`):
// capped at MAX_REPORT_FILE_BYTES, JSON errors with line and column, then findingsReportSchema, each
// problem an InputError (exit 2) naming the file and the field.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { InputError } from '../core/errors.js'
import { neutralizeControl } from '../core/terminal-text.js'
import { formatZodIssues } from '../core/zod-format.js'
import { byCodePoint, compareFindings, reportFinding } from '../report/build.js'
import { findingsReportSchema, REPORT_SCHEMA_VERSION, type FindingsReport } from '../report/schema.js'
import type { Finding, Status } from '../core/types.js'
import { recount } from './recount.js'

type ReportFinding = FindingsReport['findings'][number]
export type BaselineSection = NonNullable<FindingsReport['baseline']>

/**
 * The largest findings.json guardrail reads: 256 MiB. 100,000 findings take 50–75 MB, so this is
 * some 350,000 findings or more. The file is read whole (no streaming parser): one buffer, one
 * string (V8 cannot hold a string much beyond 512 MiB), JSON.parse, then schema validation. Measured
 * on 100,000 findings (72 MB): about 2–4 s, a peak around 5 times the file size, and about the file
 * size held afterwards. So the cap keeps the peak near 1.3 GB, inside Node's default heap, rather
 * than letting a wrong file (a snapshot, a log) end in an out-of-memory crash.
 */
export const MAX_REPORT_FILE_BYTES = 256 * 1024 * 1024

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}

/**
 * The file's bytes, at most maxBytes (else an error). A regular file is read into one buffer of its
 * size; anything else (a FIFO, /dev/stdin) in chunks, stopping past the cap, so nothing reads forever.
 */
function readCapped(file: string, maxBytes: number, what: string): Buffer {
  const shown = neutralizeControl(file)
  const tooLarge = (size: string) =>
    new InputError('FileTooLarge', `${what} ${shown} is ${size}; the limit is ${formatMiB(maxBytes)}.`, 'Check that this is a findings.json written by guardrail.')
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (err) {
    throw new InputError('FileUnreadable', `Cannot read ${what} ${shown}: ${neutralizeControl((err as Error).message)}`, 'Check the path.')
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw new InputError('FileUnreadable', `${what} ${shown} is a directory.`, 'Give the path of a findings.json file.')
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(formatMiB(stat.size))
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(stat.isFile() ? Math.min(stat.size, maxBytes) + 1 : 1024 * 1024)
      let length = 0
      while (length < chunk.length) {
        const n = readSync(fd, chunk, length, chunk.length - length, null)
        if (n === 0) break
        length += n
      }
      chunks.push(chunk.subarray(0, length))
      total += length
      if (total > maxBytes) throw tooLarge(`larger than ${formatMiB(maxBytes)}`)
      if (length < chunk.length) return Buffer.concat(chunks, total)
    }
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError('FileUnreadable', `Cannot read ${what} ${shown}: ${neutralizeControl((err as Error).message)}`, 'Check the path.')
  } finally {
    closeSync(fd)
  }
}

/**
 * Where and why JSON.parse rejected `text` — V8's own messages give no position for most errors
 * and quote the offending text, which may hold anything. A single linear pass over the JSON
 * grammar, run only after a parse failed. undefined when it finds no error (JSON.parse's verdict
 * then stands on its own).
 */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let i = 0
  const n = text.length
  const fail = (reason: string) => ({ offset: i, reason })
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break
      i++
    }
  }
  const describeAt = () => (i >= n ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[i])}`)
  const scanString = (): { offset: number; reason: string } | undefined => {
    i++ // opening quote
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return undefined
      }
      if (c < 0x20) return fail('control character inside a string (write it as an escape)')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('bad \\u escape (four hex digits expected)')
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else return fail('bad escape in a string')
      } else i++
    }
    return fail('unterminated string')
  }
  const scanNumber = () => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    match.lastIndex = i
    if (!match.exec(text)) return fail(describeAt())
    i = match.lastIndex
    return undefined
  }
  // Containers still open, innermost last: '{' or '['. Iterative, so deep nesting cannot overflow.
  const open: string[] = []
  // What the scanner expects next.
  let expect: 'value' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' = 'value'
  for (;;) {
    skipSpace()
    if (expect === 'value') {
      const c = text[i]
      if (c === '{') {
        open.push('{')
        i++
        expect = 'key-or-close'
        continue
      }
      if (c === '[') {
        open.push('[')
        i++
        skipSpace()
        if (text[i] === ']') {
          open.pop()
          i++
          expect = 'comma-or-close'
        }
        continue
      }
      let problem: { offset: number; reason: string } | undefined
      if (c === '"') problem = scanString()
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) problem = scanNumber()
      else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i))
        if (!word) return fail(describeAt())
        i += word.length
      }
      if (problem) return problem
      expect = 'comma-or-close'
    } else if (expect === 'key-or-close' || expect === 'key') {
      if (expect === 'key-or-close' && text[i] === '}') {
        open.pop()
        i++
        expect = 'comma-or-close'
        continue
      }
      if (text[i] !== '"') return fail(`${describeAt()} (a property name in double quotes expected)`)
      const problem = scanString()
      if (problem) return problem
      expect = 'colon'
    } else if (expect === 'colon') {
      if (text[i] !== ':') return fail(`${describeAt()} (':' expected)`)
      i++
      expect = 'value'
    } else {
      const inside = open[open.length - 1]
      if (inside === undefined) return i < n ? fail(`${describeAt()} after the end of the document`) : undefined
      const close = inside === '{' ? '}' : ']'
      if (text[i] === close) {
        open.pop()
        i++
      } else if (text[i] === ',') {
        i++
        expect = inside === '{' ? 'key' : 'value'
      } else return fail(`${describeAt()} (',' or '${close}' expected)`)
    }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++
    lineStart = at + 1
  }
  return { line, column: offset - lineStart + 1 }
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const where = jsonSyntaxError(text)
    const detail = where
      ? (() => {
          const { line, column } = lineAndColumn(text, where.offset)
          return `${neutralizeControl(where.reason)} at line ${line}, column ${column} (offset ${where.offset})`
        })()
      : neutralizeControl((err as Error).message.slice(0, 200))
    throw new InputError('InvalidJson', `${what} ${file} is not valid JSON: ${detail}.`, 'Give the findings.json a guardrail run wrote, unmodified.')
  }
}

/** Reads and validates a findings.json (see the header). `what` names the file's role in messages. */
/**
 * A JSON file guardrail reads (a findings.json, a previous isms.json): size-capped, BOM dropped, syntax
 * errors with line and column, each problem an InputError naming the file. The text is let go before
 * the caller validates the parsed value: both at once would double the peak.
 */
export function readJsonFile(file: string, what: string, maxBytes = MAX_REPORT_FILE_BYTES): unknown {
  let text = readCapped(file, maxBytes, what).toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return parseJson(text, neutralizeControl(file), what)
}

export function loadFindingsFile(file: string, what = 'findings report', maxBytes = MAX_REPORT_FILE_BYTES): FindingsReport {
  const shownFile = neutralizeControl(file)
  const raw = readJsonFile(file, what, maxBytes)
  const version = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined
  if (version === undefined) {
    throw new InputError('InvalidReport', `${what} ${shownFile} is not a guardrail findings.json: it has no schemaVersion.`, 'Give the findings.json a guardrail run wrote.')
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new InputError(
      'InvalidReport',
      `${what} ${shownFile} has schemaVersion ${neutralizeControl(JSON.stringify(version).slice(0, 40))}; this guardrail reads findings.json schemaVersion ${REPORT_SCHEMA_VERSION}.`,
      'Produce the file again with this version of guardrail.',
    )
  }
  const parsed = findingsReportSchema.safeParse(raw)
  if (!parsed.success) {
    throw new InputError('InvalidReport', `${what} ${shownFile} is not a valid findings.json:\n${formatZodIssues(parsed.error)}`, 'Give the findings.json a guardrail run wrote, unmodified.')
  }
  return parsed.data
}

export function loadBaseline(file: string): FindingsReport {
  return loadFindingsFile(file, 'baseline')
}

/** What the baseline says about one id. One fixed shape (no per-status object): 100,000 of them. */
interface BaselineEntry {
  failing: boolean
  /** Whether this report has the id too (gone = failing and not present). */
  present: boolean
  /** firstSeen per status this id had in the baseline. */
  since: Record<Status, string | undefined>
}

function indexBaseline(baseline: FindingsReport): Map<string, BaselineEntry> {
  const index = new Map<string, BaselineEntry>()
  for (const f of baseline.findings) {
    let entry = index.get(f.id)
    if (!entry) {
      entry = { failing: false, present: false, since: { pass: undefined, fail: undefined, error: undefined, not_applicable: undefined } }
      index.set(f.id, entry)
    }
    if (f.status === 'fail') entry.failing = true
    entry.since[f.status] ??= f.firstSeen ?? baseline.run.asOf
  }
  return index
}

/** At most this many ids in one warning; the rest are counted. */
const LISTED_IN_WARNING = 5

function listed(values: readonly string[]): string {
  const shown = values.slice(0, LISTED_IN_WARNING).map((v) => neutralizeControl(v)).join(', ')
  return values.length > LISTED_IN_WARNING ? `${shown} … and ${values.length - LISTED_IN_WARNING} more` : shown
}

const missingFrom = (values: Iterable<string>, other: ReadonlySet<string>): string[] => [...values].filter((v) => !other.has(v)).sort(byCodePoint)

function failingChecks(report: FindingsReport): Set<string> {
  const ids = new Set<string>()
  for (const f of report.findings) if (f.status === 'fail') ids.add(f.checkId)
  return ids
}

function allChecks(report: FindingsReport): Set<string> {
  return new Set(report.findings.map((f) => f.checkId))
}

/**
 * What makes the comparison misleading: accounts or checks one side has and the other has not (a
 * single-account baseline against an organization scan marks every other account's failures new),
 * a baseline newer than the report (files swapped?), another partition. Neutralised, one line each.
 */
export function baselineWarnings(report: FindingsReport, baseline: FindingsReport, file: string): string[] {
  const warnings: string[] = []
  const name = `baseline ${neutralizeControl(file)}`
  const nowAccounts = new Set(report.run.accounts.map((a) => a.accountId))
  const thenAccounts = new Set(baseline.run.accounts.map((a) => a.accountId))
  const newAccounts = missingFrom(nowAccounts, thenAccounts)
  const leftAccounts = missingFrom(thenAccounts, nowAccounts)
  if (newAccounts.length > 0) {
    warnings.push(`${name} does not cover ${newAccounts.length} account(s) of this report (${listed(newAccounts)}): all their failures count as new.`)
  }
  if (leftAccounts.length > 0) {
    warnings.push(`${name} covers ${leftAccounts.length} account(s) this report does not (${listed(leftAccounts)}): their failures are listed as gone (resolved).`)
  }
  // Checks: only where it changes the outcome — failures here of a check the baseline never
  // reported, failures there of a check this report never reported.
  const newChecks = missingFrom(failingChecks(report), allChecks(baseline))
  const leftChecks = missingFrom(failingChecks(baseline), allChecks(report))
  if (newChecks.length > 0) {
    warnings.push(`${name} has no findings for ${newChecks.length} check(s) failing in this report (${listed(newChecks)}): all their failures count as new.`)
  }
  if (leftChecks.length > 0) {
    warnings.push(`${name} has failures of ${leftChecks.length} check(s) this report has no findings for (${listed(leftChecks)}; disabled or not selected?): they are listed as gone (resolved).`)
  }
  if (Date.parse(baseline.run.asOf) > Date.parse(report.run.asOf)) {
    warnings.push(`${name} is as of ${neutralizeControl(baseline.run.asOf)}, later than this report (${neutralizeControl(report.run.asOf)}): are the two files the wrong way round?`)
  }
  if (baseline.run.partition !== report.run.partition) {
    warnings.push(`${name} is from partition ${neutralizeControl(baseline.run.partition)}, this report from ${neutralizeControl(report.run.partition)}: no finding can match.`)
  }
  return warnings
}

/**
 * This report compared with `baseline` (see the header): every finding gets `baseline` and
 * `firstSeen`, the report gets the baseline section, summary and newFailuresBySeverity are
 * recounted. Pure: neither input is changed. `file` is recorded as report.baseline.file.
 */
export function applyBaseline(report: FindingsReport, baseline: FindingsReport, file: string): { report: FindingsReport; warnings: string[] } {
  const index = indexBaseline(baseline)
  const asOf = report.run.asOf
  const counts = { new: 0, unchanged: 0, resolved: 0 }
  const findings = report.findings.map((f): ReportFinding => {
    const then = index.get(f.id)
    if (then) then.present = true
    // The same status there is checked before "failing there" so that an id occurring twice (one
    // failing, one passing) compares with itself as unchanged; for a single finding per id this is
    // exactly the table in the header.
    const state = f.status === 'fail' ? (then?.failing ? 'unchanged' : 'new') : then?.since[f.status] !== undefined ? 'unchanged' : then?.failing ? 'resolved' : 'new'
    counts[state]++
    return copyFinding(f, { baseline: state, firstSeen: then?.since[f.status] ?? asOf })
  })
  const gone = baseline.findings
    .filter((f) => f.status === 'fail' && !index.get(f.id)!.present)
    .sort(compareFindings)
    .map((f) => ({ id: f.id, checkId: f.checkId, status: f.status, severity: f.severity, accountId: f.accountId, region: f.region, resource: f.resource, message: f.message }))
  counts.resolved += gone.length
  const section: BaselineSection = {
    file,
    asOf: baseline.run.asOf,
    counts,
    // recount fills it from the findings.
    newFailuresBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    gone,
  }
  return { report: recount({ ...report, findings, baseline: section }), warnings: baselineWarnings(report, baseline, file) }
}

type Refinements = Pick<ReportFinding, 'muted' | 'baseline' | 'firstSeen'>

/**
 * A fresh copy of a finding (report.ts's field-by-field copy: one shape for all copies, and much
 * faster than `{ ...f }` on 100,000 findings) with some of the fields the refine steps set replaced
 * (a key present in `replace` with the value undefined removes that field).
 */
export function copyFinding(f: ReportFinding, replace: Partial<Refinements> = {}): ReportFinding {
  const out = reportFinding(f as Finding)
  for (const key of ['muted', 'baseline', 'firstSeen'] as const) {
    if (!(key in replace)) continue
    if (replace[key] === undefined) delete out[key]
    else (out as Record<string, unknown>)[key] = replace[key]
  }
  return out
}

