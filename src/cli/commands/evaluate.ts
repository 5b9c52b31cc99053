// guardrail evaluate <snapshot>: the offline half of scan. Same flags and output as scan. The snapshot
// is streamed one account at a time (src/orchestrate/evaluate-file.ts), so a snapshot of tens of
// thousands of accounts evaluates in the memory of one.
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { evaluateSnapshotFile } from '../../orchestrate/evaluate-file.js'
import { renderSummary } from '../../report/summary-table.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { exitCodeFor } from '../exit-code.js'
import { parseFlags } from '../options.js'
import { FINDINGS_FILE } from '../report-output.js'
import { reportFlagsSchema, resolveReportSettings } from '../settings.js'
import { addReportOptions } from './report-flags.js'

export function evaluateCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('evaluate')
    .description('evaluate a snapshot file offline (no AWS access) and write <output-dir>/findings.json')
    .argument('<snapshot>', 'snapshot file written by `guardrail collect` (or `scan`)')
  addReportOptions(command)
  return command.action(async (snapshotPath: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(reportFlagsSchema, raw)
    const settings = resolveReportSettings(flags, io)
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
    if (!settings.quiet) io.stdout(renderSummary(result.report, findingsPath))
    setExitCode(exitCodeFor(result.report, settings.failOn, settings.strict))
  })
}
