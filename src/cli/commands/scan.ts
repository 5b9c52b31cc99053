// guardrail scan: collect (one account, or with --org the whole organization), evaluate, report.
import { join } from 'node:path'
import { Command } from 'commander'
import { currentAccountCollector } from '../collector.js'
import type { CommandContext } from '../context.js'
import { finishReport, finishWritten } from '../finish-report.js'
import { withExamples } from '../help.js'
import { parseFlags } from '../options.js'
import { renderScanGaps, runOrgScan } from '../org-scan.js'
import { evaluateToReport, FINDINGS_FILE, SNAPSHOT_FILE } from '../report-output.js'
import { finishOptions, reportFlagsSchema, resolveReportSettings, type ReportSettings } from '../settings.js'
import { isEmptySelection } from '../../refine/selection.js'
import type { CollectorDefinition } from '../../collect/registry.js'
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
  withExamples(command, [
    { what: 'this account, every enabled region; findings.json and the HTML report', run: 'guardrail scan --format html' },
    { what: 'the whole organization, nightly in CI: accepted exceptions muted, fail only on new high/critical', run: 'guardrail scan --org --suppressions suppressions.yaml --baseline last-night/findings.json --new-only --fail-on high --format html,junit' },
    { what: 'only the CIS identity section, in two regions', run: 'guardrail scan --framework cis-aws-3.0:1 --regions eu-west-1,us-east-1' },
  ])
  return command.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(scanFlagsSchema, raw)
    const shard = checkOrgFlags(flags)
    // Config and rules are validated before the first AWS call.
    const settings = resolveReportSettings(flags, io)
    const collectors = await collectorsForSelection(settings)
    if (flags.org) {
      const findingsPath = join(settings.outputDir, FINDINGS_FILE)
      const result = await runOrgScan({
        collect: flags,
        org: flags,
        shard,
        scan: settings.config.scan,
        ruleSet: settings.ruleSet,
        collectors,
        outputDir: settings.outputDir,
        snapshotPath: join(settings.outputDir, SNAPSHOT_FILE),
        findingsPath,
        asOf: settings.asOf,
        quiet: settings.quiet,
        io,
      })
      const code = await finishWritten(result.report, findingsPath, settings.outputs, finishOptions(settings, io))
      io.stderr(renderScanGaps(result))
      setExitCode(code)
      return
    }
    const collect = await currentAccountCollector(deps)
    if (!settings.quiet) io.stderr('guardrail: collecting the account of the current credentials…\n')
    const options = collectorOptions(flags, settings.config.scan)
    if (collectors !== undefined) options.collectors = collectors
    const snapshot = await collect(options)
    const report = evaluateToReport(snapshot, settings, 'scan')
    // --access maps the snapshot just collected (a single-account scan keeps it in memory).
    if (settings.outputs.access) settings.outputs.access.snapshot = snapshot
    setExitCode(await finishReport(report, settings.outputs, finishOptions(settings, io)))
  })
}

/**
 * A scan narrowed by --checks / --framework / --min-severity / --exclude-checks reads only what the
 * selected checks need (undefined: every collector). Loaded here, not in the settings, because the
 * registry loads the AWS SDK, which offline commands never do.
 */
async function collectorsForSelection(settings: ReportSettings): Promise<CollectorDefinition[] | undefined> {
  if (isEmptySelection(settings.outputs.selection)) return undefined
  const { collectorsNeededBy } = await import('../../collect/needed-collectors.js')
  return collectorsNeededBy([...settings.ruleSet.rules.values()].filter((r) => r.enabled).map((r) => r.check))
}
