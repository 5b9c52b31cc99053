// The tail every reporting command shares: evaluate the snapshot, write findings.json atomically,
// print the summary, and decide the exit code.
import { join } from 'node:path'
import { asOfFor } from '../orchestrate/evaluate-file.js'
import { evaluateSnapshot } from '../engine/evaluate.js'
import { buildReport, renderReportJson } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import { renderSummary } from '../report/summary-table.js'
import { writeFileAtomic } from '../core/atomic-write.js'
import type { Snapshot } from '../snapshot/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { exitCodeFor } from './exit-code.js'
import type { CliIo } from './io.js'
import type { ReportSettings } from './settings.js'

export const FINDINGS_FILE = 'findings.json'
export const SNAPSHOT_FILE = 'snapshot.json'

export function evaluateToReport(snapshot: Snapshot, settings: ReportSettings, command: FindingsReport['run']['command']): FindingsReport {
  const asOf = asOfFor(snapshot, settings.asOf)
  const findings = evaluateSnapshot(snapshot, settings.ruleSet, { now: asOf })
  return buildReport({ command, tool: { name: TOOL_NAME, version: TOOL_VERSION }, snapshot, findings, ruleSet: settings.ruleSet, asOf })
}

export function writeReportAndSummarise(report: FindingsReport, settings: ReportSettings, io: CliIo): number {
  const file = join(settings.outputDir, FINDINGS_FILE)
  writeFileAtomic(file, renderReportJson(report))
  if (!settings.quiet) io.stdout(renderSummary(report, file))
  return exitCodeFor(report, settings.failOn, settings.strict)
}
