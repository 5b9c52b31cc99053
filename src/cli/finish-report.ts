// The tail every reporting command shares (scan, evaluate, merge, report): a built report goes
// through the same steps in the same order, whichever command built it —
//   selection record → suppressions → baseline → recount → write every --format → summary → exit code.
// Inputs these steps read (suppressions, baseline) are loaded by `prepareOutputs` before any AWS call
// or evaluation, so a typo in them fails in milliseconds, with nothing written.
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Severity } from '../core/types.js'
import { InputError } from '../core/errors.js'
import { applyBaseline, loadBaseline, loadFindingsFile } from '../refine/baseline.js'
import { recount } from '../refine/recount.js'
import { isEmptySelection, selectionRecord, type SelectionInput } from '../refine/selection.js'
import { applySuppressions, suppressionWarnings } from '../refine/suppress.js'
import { loadSuppressions } from '../refine/suppressions.js'
import type { SuppressionEntry } from '../refine/suppressions-schema.js'
import { OUTPUT_FORMATS, type Format } from '../report/outputs.js'
import type { FindingsReport } from '../report/schema.js'
import { renderSummary } from '../report/summary-table.js'
import type { FailOn } from '../config/schema.js'
import { exitCodeFor } from './exit-code.js'
import type { CliIo } from './io.js'
import type { OutputFlags } from './commands/output-flags.js'
import { findChromium } from '../report/pdf.js'
import { describeIsms, ismsFileBase, prepareIsms, writeIsms, type PreparedIsms } from '../isms/outputs.js'
import { loadFrameworks } from '../rules/load.js'
import { accessMapSettings, buildAccessMap, type AccessMapSettings, type AccessConfigSource } from '../access/map.js'
import { ACCESS_FILES, describeAccessMap, writeAccessMap } from '../access/outputs.js'
import type { CompanionLink } from '../report/html/payload.js'
import type { Snapshot } from '../snapshot/schema.js'
import { readSnapshotStreaming } from '../snapshot/stream-reader.js'
import { neutralizeControl } from '../core/terminal-text.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { SNAPSHOT_FILE } from './report-output.js'

export interface PreparedOutputs {
  formats: Format[]
  selection: SelectionInput
  suppressions?: { file: string; entries: SuppressionEntry[] }
  baseline?: { file: string; report: FindingsReport }
  newOnly: boolean
  asffRegion: string | undefined
  /** With --isms: the control reports to write after the findings, their inputs already validated. */
  isms?: PreparedIsms
  /** With --access: the access map to write into <output-dir>/access/ from the run's snapshot. */
  access?: {
    settings: AccessMapSettings
    /** The snapshot (in memory, or its file); default: snapshot.json in the output directory. */
    snapshot?: Snapshot | string
  }
}

/** Validates the output flags and loads the files they name. Throws InputError (exit 2) on anything wrong. */
export function prepareOutputs(flags: OutputFlags, cwd: string, knownCheckIds: readonly string[], defaultFormats: Format[], config: AccessConfigSource): PreparedOutputs {
  if (flags.newOnly && flags.baseline === undefined) {
    throw new InputError('InvalidFlag', '--new-only needs --baseline: without an earlier report there is nothing to be new against.', 'Add --baseline <previous findings.json>, e.g. the findings.json the last nightly run kept as an artifact.')
  }
  const formats = flags.format ?? defaultFormats
  if (formats.includes('pdf')) findChromium() // fails now, not after a long scan, when no Chromium is installed
  const prepared: PreparedOutputs = {
    formats,
    selection: { checks: flags.checks, excludeChecks: flags.excludeChecks, framework: flags.framework, minSeverity: flags.minSeverity },
    newOnly: flags.newOnly,
    asffRegion: flags.asffRegion,
  }
  if (flags.access) prepared.access = { settings: accessMapSettings(config) }
  if (flags.suppressions !== undefined) {
    const file = resolve(cwd, flags.suppressions)
    prepared.suppressions = { file: flags.suppressions, entries: loadSuppressions(file, knownCheckIds) }
  }
  if (flags.baseline !== undefined) {
    prepared.baseline = { file: flags.baseline, report: loadBaseline(resolve(cwd, flags.baseline)) }
  }
  if (flags.isms === undefined && (flags.attestations !== undefined || flags.soa !== undefined)) {
    throw new InputError('InvalidFlag', `${flags.attestations !== undefined ? '--attestations' : '--soa'} is read by the control report, which this run does not write.`, 'Add --isms (the ISO/IEC 27001 report) or --isms <frameworks>, or run `guardrail isms findings.json --attestations … --soa …` afterwards.')
  }
  if (flags.isms !== undefined) {
    prepared.isms = prepareIsms(
      {
        ...(flags.isms !== true ? { frameworks: flags.isms } : {}),
        formats: formats.includes('pdf') ? ['json', 'html', 'pdf'] : ['json', 'html'],
        ...(flags.attestations !== undefined ? { attestations: flags.attestations } : {}),
        ...(flags.soa !== undefined ? { soa: flags.soa } : {}),
        frameworksFlag: '--isms',
      },
      loadFrameworks(),
      cwd,
    )
  }
  return prepared
}

/** Whether a report already written by a streaming command must be read back and finished here. */
export function needsFinishing(outputs: PreparedOutputs): boolean {
  return outputs.suppressions !== undefined || outputs.baseline !== undefined || outputs.isms !== undefined || !isEmptySelection(outputs.selection) || outputs.formats.some((f) => f !== 'json')
}

/** Selection record, suppressions, baseline, recount: the report as it is written. */
export function refineReport(report: FindingsReport, outputs: PreparedOutputs): { report: FindingsReport; warnings: string[] } {
  let refined = report
  if (!isEmptySelection(outputs.selection)) refined = { ...refined, selection: selectionRecord(outputs.selection) }
  if (outputs.suppressions) refined = applySuppressions(refined, outputs.suppressions.entries, outputs.suppressions.file)
  let warnings: string[] = []
  if (outputs.baseline) {
    const compared = applyBaseline(refined, outputs.baseline.report, outputs.baseline.file)
    refined = compared.report
    warnings = compared.warnings
  }
  return { report: recount(refined), warnings }
}

export interface FinishOptions {
  outputDir: string
  failOn: FailOn
  strict: boolean
  quiet: boolean
  io: CliIo
  /** The largest streamed findings.json read back (tests lower it); default READ_BACK_MAX_BYTES. */
  readBackMaxBytes?: number
  /** The findings file the report came from (`guardrail report`), when this run writes none of its own. */
  sourceFindingsFile?: string
}

/** Writes every requested format into the output directory; returns the paths written, in format order. */
export async function writeOutputs(report: FindingsReport, outputs: PreparedOutputs, outputDir: string): Promise<string[]> {
  const written: string[] = []
  const links = companionLinks(outputs)
  for (const format of outputs.formats) {
    const spec = OUTPUT_FORMATS[format]
    const path = join(outputDir, spec.file)
    await spec.write(report, path, { asffRegion: outputs.asffRegion, links })
    written.push(path)
  }
  return written
}

/**
 * For commands whose report was streamed to findings.json (organization scan, evaluate of a large
 * snapshot, merge): when suppressions, a baseline, a selection or other formats are asked for, the
 * written report is read back and finished like an in-memory one (findings.json is rewritten,
 * atomically). Otherwise the streamed file stands, and only the summary and exit code remain.
 */
export async function finishWritten(header: FindingsReport, findingsPath: string, outputs: PreparedOutputs, options: FinishOptions): Promise<number> {
  if (!needsFinishing(outputs)) {
    // --access reads the snapshot, not the findings: no need to read the findings back for it.
    const snapshotForAccess = accessSnapshot(outputs, options.outputDir)
    if (!options.quiet) options.io.stdout(renderSummary(header, findingsPath))
    await writeAccess(outputs, snapshotForAccess, options)
    return exitCodeFor(header, options.failOn, options.strict, outputs.newOnly)
  }
  // A report held whole in memory (small evaluations) need not be read back.
  const whole = header.findings.length === header.summary.findings ? header : readBack(findingsPath, options.readBackMaxBytes ?? READ_BACK_MAX_BYTES)
  return finishReport(whole, outputs, options)
}

/**
 * The largest streamed findings.json the finishing step reads back: the text must fit one V8 string
 * (~512 MiB) and the parsed report the heap (~5× the text). About 600,000 findings.
 */
export const READ_BACK_MAX_BYTES = 480 * 2 ** 20

function readBack(findingsPath: string, maxBytes: number): FindingsReport {
  const size = statSync(findingsPath, { throwIfNoEntry: false })?.size ?? 0
  if (size > maxBytes) {
    throw new InputError(
      'ReportTooLarge',
      `${findingsPath} (${(size / 2 ** 20).toFixed(0)} MiB, complete and valid) is too large to apply suppressions, a baseline or other formats to in memory (limit ${(maxBytes / 2 ** 20).toFixed(0)} MiB; the default, ${READ_BACK_MAX_BYTES / 2 ** 20} MiB, is about 600,000 findings).`,
      'Split the organization: scan with --shard k/n or --ous, and run `guardrail report <shard findings.json> --suppressions … --baseline …` per part; or narrow with --checks / --framework / --min-severity.',
    )
  }
  return loadFindingsFile(findingsPath, 'findings report', maxBytes)
}

/** The pages this run writes beside report.html, for its masthead. */
function companionLinks(outputs: PreparedOutputs): CompanionLink[] {
  const links: CompanionLink[] = []
  if (outputs.isms?.formats.includes('html')) for (const f of outputs.isms.frameworks) links.push({ label: `${f.name} control report`, href: `${ismsFileBase(f.id)}.html` })
  if (outputs.access) links.push({ label: 'Who can reach what (access map)', href: `${ACCESS_DIR}/${ACCESS_FILES.html}` })
  return links
}

/** The directory under --output-dir that --access writes into. */
export const ACCESS_DIR = 'access'

/** The snapshot --access maps: given in memory, or a file that must exist before anything is written. */
function accessSnapshot(outputs: PreparedOutputs, outputDir: string): Snapshot | string | undefined {
  if (!outputs.access) return undefined
  const source = outputs.access.snapshot ?? join(outputDir, SNAPSHOT_FILE)
  if (typeof source === 'string' && !existsSync(source)) {
    throw new InputError('NoSnapshot', `--access maps the run's snapshot, and ${source} does not exist.`, 'Keep the snapshot beside the findings (scan --org and merge write snapshot.json there), or run `guardrail access <snapshot.json>` on the snapshot you have.')
  }
  return source
}

export async function finishReport(built: FindingsReport, outputs: PreparedOutputs, options: FinishOptions): Promise<number> {
  const snapshotForAccess = accessSnapshot(outputs, options.outputDir)
  const refined = refineReport(built, outputs)
  const report = refined.report
  const warnings = [...refined.warnings, ...(outputs.suppressions ? suppressionWarnings(report) : [])]
  const written = await writeOutputs(report, outputs, options.outputDir)
  const { io } = options
  for (const warning of warnings) io.stderr(`warning: ${warning}\n`)
  if (!options.quiet) {
    io.stdout(renderSummary(report, written.join(', ')))
    io.stdout(renderRefinements(report))
  }
  if (outputs.isms) {
    // The control reports are made from the findings file as written (its hash goes into their manifest).
    const findingsFile = outputs.formats.includes('json') ? join(options.outputDir, OUTPUT_FORMATS.json.file) : options.sourceFindingsFile
    if (findingsFile === undefined) throw new Error('--isms: no findings file to build the control report from')
    const snapshot = join(options.outputDir, SNAPSHOT_FILE)
    const isms = existsSync(snapshot) && !outputs.isms.inputs.some((i) => i.role === 'snapshot') ? { ...outputs.isms, inputs: [{ role: 'snapshot', file: snapshot }, ...outputs.isms.inputs] } : outputs.isms
    const ismsWritten = await writeIsms(isms, report, findingsFile, options.outputDir, io.cwd)
    if (!options.quiet) io.stdout(describeIsms(ismsWritten, options.outputDir))
  }
  await writeAccess(outputs, snapshotForAccess, options)
  return exitCodeFor(report, options.failOn, options.strict, outputs.newOnly)
}

/** --access: the access map of the run's snapshot, into <output-dir>/access/. */
async function writeAccess(outputs: PreparedOutputs, source: Snapshot | string | undefined, options: FinishOptions): Promise<void> {
  if (!outputs.access || source === undefined) return
  const snapshot = typeof source === 'string' ? await readSnapshotStreaming(source) : source
  const map = buildAccessMap(snapshot, { ...outputs.access.settings, now: new Date(), tool: { name: TOOL_NAME, version: TOOL_VERSION } })
  const dir = join(options.outputDir, ACCESS_DIR)
  mkdirSync(dir, { recursive: true })
  const files = writeAccessMap(map, dir)
  if (!options.quiet) options.io.stdout(`${[...describeAccessMap(map).map(neutralizeControl), `Access map written: ${files.join(', ')}`].join('\n')}\n`)
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

/** What the suppressions and baseline did: the lines under the summary table. */
export function renderRefinements(report: FindingsReport): string {
  const lines: string[] = []
  if (report.suppressions) {
    const entries = report.suppressions.entries
    const expired = entries.filter((e) => e.state === 'expired')
    lines.push(`Suppressions (${report.suppressions.file}): ${count(report.summary.muted ?? 0, 'finding')} muted by ${count(entries.length - expired.length, 'active entry')}.`)
    for (const e of expired) lines.push(`  expired: ${e.suppression} (owner ${e.owner}, expired ${e.expires}) — ${count(e.matched, 'finding')} no longer muted`)
  }
  if (report.baseline) {
    const b = report.baseline
    const newFailures = (Object.values(b.newFailuresBySeverity) as number[]).reduce((a, n) => a + n, 0)
    lines.push(`Baseline (${b.file}, as of ${b.asOf}): ${b.counts.new} new, ${b.counts.unchanged} unchanged, ${b.counts.resolved} resolved; ${count(newFailures, 'new unmuted failure')}${newFailures > 0 ? ` (${severityBreakdown(b.newFailuresBySeverity)})` : ''}.`)
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

function severityBreakdown(counts: Record<Severity, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ')
}
