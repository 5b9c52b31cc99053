// guardrail evaluate <snapshot>: the offline half of scan. Same flags and output as scan.
import { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { parseFlags } from '../options.js'
import { readSnapshotFile } from '../read-snapshot.js'
import { evaluateToReport, writeReportAndSummarise } from '../report-output.js'
import { reportFlagsSchema, resolveReportSettings } from '../settings.js'
import { addReportOptions } from './report-flags.js'

export function evaluateCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('evaluate')
    .description('evaluate a snapshot file offline (no AWS access) and write <output-dir>/findings.json')
    .argument('<snapshot>', 'snapshot file written by `guardrail collect`')
  addReportOptions(command)
  return command.action((snapshotPath: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(reportFlagsSchema, raw)
    const settings = resolveReportSettings(flags, io)
    // Validated completely before anything is written: a bad snapshot leaves the output dir untouched.
    const snapshot = readSnapshotFile(snapshotPath, io.cwd)
    const report = evaluateToReport(snapshot, settings, 'evaluate')
    setExitCode(writeReportAndSummarise(report, settings, io))
  })
}
