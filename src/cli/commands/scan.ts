// guardrail scan: collect the account of the current credentials, evaluate, report.
import { Command } from 'commander'
import { currentAccountCollector } from '../collector.js'
import type { CommandContext } from '../context.js'
import { parseFlags } from '../options.js'
import { evaluateToReport, writeReportAndSummarise } from '../report-output.js'
import { reportFlagsSchema, resolveReportSettings } from '../settings.js'
import { addCollectOptions, collectFlagsSchema, collectorOptions } from './collect-flags.js'
import { addReportOptions } from './report-flags.js'

const scanFlagsSchema = reportFlagsSchema.extend(collectFlagsSchema.shape)

export function scanCommand({ io, deps, setExitCode }: CommandContext): Command {
  const command = new Command('scan').description('scan the AWS account of the current credentials and write <output-dir>/findings.json')
  addCollectOptions(command)
  addReportOptions(command)
  return command.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(scanFlagsSchema, raw)
    // Config and rules are validated before the first AWS call.
    const settings = resolveReportSettings(flags, io)
    const collect = await currentAccountCollector(deps)
    if (!settings.quiet) io.stderr('guardrail: collecting the account of the current credentials…\n')
    const snapshot = await collect(collectorOptions(flags, settings.config.scan))
    const report = evaluateToReport(snapshot, settings, 'scan')
    setExitCode(writeReportAndSummarise(report, settings, io))
  })
}
