// guardrail evaluate <snapshot>: the offline half of scan. Same flags and output as scan. The snapshot
// is streamed one account at a time (src/orchestrate/evaluate-file.ts), so a snapshot of tens of
// thousands of accounts evaluates in the memory of one.
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { evaluateSnapshotFile } from '../../orchestrate/evaluate-file.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { finishWritten } from '../finish-report.js'
import { withExamples } from '../help.js'
import { parseFlags } from '../options.js'
import { FINDINGS_FILE } from '../report-output.js'
import { finishOptions, reportFlagsSchema, resolveReportSettings } from '../settings.js'
import { addReportOptions } from './report-flags.js'

export function evaluateCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('evaluate')
    .description('evaluate a snapshot file offline (no AWS access) and write <output-dir>/findings.json')
    .argument('<snapshot>', 'snapshot file written by `guardrail collect` (or `scan`)')
  addReportOptions(command)
  withExamples(command, [
    { what: 'evaluate a kept snapshot again, as of today', run: 'guardrail evaluate snapshot.json --as-of 2026-12-01' },
    { what: 'try a stricter checklist on last night\'s data without touching AWS', run: 'guardrail evaluate guardrail-report/snapshot.json --config stricter.yaml --output-dir stricter --format html' },
    { what: 'only high and critical checks, with the spreadsheet', run: 'guardrail evaluate snapshot.json --min-severity high --format csv' },
  ])
  return command.action(async (snapshotPath: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(reportFlagsSchema, raw)
    const settings = resolveReportSettings(flags, io)
    // --isms: the evaluated snapshot is an input of the control report's evidence manifest.
    settings.outputs.isms?.inputs.unshift({ role: 'snapshot', file: resolve(io.cwd, snapshotPath) })
    // --access maps the evaluated snapshot.
    if (settings.outputs.access) settings.outputs.access.snapshot = resolve(io.cwd, snapshotPath)
    const findingsPath = join(settings.outputDir, FINDINGS_FILE)
    const result = await evaluateSnapshotFile({
      file: resolve(io.cwd, snapshotPath),
      displayName: snapshotPath,
      ruleSet: settings.ruleSet,
      ...(settings.asOf !== undefined ? { asOf: settings.asOf } : {}),
      findingsPath,
      command: 'evaluate',
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
    })
    setExitCode(await finishWritten(result.report, findingsPath, settings.outputs, finishOptions(settings, io)))
  })
}
