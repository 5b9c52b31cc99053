// guardrail scan: collect (one account, or with --org the whole organization), evaluate, report.
import { join } from 'node:path'
import { Command } from 'commander'
import { currentAccountCollector } from '../collector.js'
import type { CommandContext } from '../context.js'
import { exitCodeFor } from '../exit-code.js'
import { parseFlags } from '../options.js'
import { renderScanGaps, runOrgScan } from '../org-scan.js'
import { evaluateToReport, FINDINGS_FILE, SNAPSHOT_FILE, writeReportAndSummarise } from '../report-output.js'
import { renderSummary } from '../../report/summary-table.js'
import { reportFlagsSchema, resolveReportSettings } from '../settings.js'
import { addCollectOptions, collectFlagsSchema, collectorOptions } from './collect-flags.js'
import { addOrgOptions, checkOrgFlags, orgFlagsSchema } from './org-flags.js'
import { addReportOptions } from './report-flags.js'

const scanFlagsSchema = reportFlagsSchema.extend(collectFlagsSchema.shape).extend(orgFlagsSchema.shape)

export function scanCommand({ io, deps, setExitCode }: CommandContext): Command {
  const command = new Command('scan').description(
    'scan the AWS account of the current credentials (or with --org every account of the organization) and write <output-dir>/findings.json',
  )
  addCollectOptions(command)
  addOrgOptions(command)
  addReportOptions(command)
  return command.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(scanFlagsSchema, raw)
    const shard = checkOrgFlags(flags)
    // Config and rules are validated before the first AWS call.
    const settings = resolveReportSettings(flags, io)
    if (flags.org) {
      const findingsPath = join(settings.outputDir, FINDINGS_FILE)
      const result = await runOrgScan({
        collect: flags,
        org: flags,
        shard,
        scan: settings.config.scan,
        ruleSet: settings.ruleSet,
        outputDir: settings.outputDir,
        snapshotPath: join(settings.outputDir, SNAPSHOT_FILE),
        findingsPath,
        asOf: settings.asOf,
        quiet: settings.quiet,
        io,
      })
      if (!settings.quiet) io.stdout(renderSummary(result.report, findingsPath))
      io.stderr(renderScanGaps(result))
      setExitCode(exitCodeFor(result.report, settings.failOn, settings.strict))
      return
    }
    const collect = await currentAccountCollector(deps)
    if (!settings.quiet) io.stderr('guardrail: collecting the account of the current credentials…\n')
    const snapshot = await collect(collectorOptions(flags, settings.config.scan))
    const report = evaluateToReport(snapshot, settings, 'scan')
    setExitCode(writeReportAndSummarise(report, settings, io))
  })
}
