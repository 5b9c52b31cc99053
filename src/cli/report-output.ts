// An in-memory snapshot → its findings report (single-account scan); finish-report.ts writes it.
import { asOfFor } from '../orchestrate/evaluate-file.js'
import { evaluateSnapshot } from '../engine/evaluate.js'
import { buildReport } from '../report/build.js'
import type { FindingsReport } from '../report/schema.js'
import type { Snapshot } from '../snapshot/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import type { ReportSettings } from './settings.js'

export const FINDINGS_FILE = 'findings.json'
export const SNAPSHOT_FILE = 'snapshot.json'

export function evaluateToReport(snapshot: Snapshot, settings: ReportSettings, command: FindingsReport['run']['command']): FindingsReport {
  const asOf = asOfFor(snapshot, settings.asOf)
  const findings = evaluateSnapshot(snapshot, settings.ruleSet, { now: asOf })
  return buildReport({ command, tool: { name: TOOL_NAME, version: TOOL_VERSION }, snapshot, findings, ruleSet: settings.ruleSet, asOf })
}
