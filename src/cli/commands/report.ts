// guardrail report <findings.json>: render a findings file again — other formats, a narrower
// selection, suppressions, a baseline — with no AWS access and no snapshot. CI keeps findings.json as
// its artifact; everything a person or a tool reads is rendered from it.
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { ALL_CHECKS } from '../../checks/index.js'
import { loadConfig } from '../../config/load.js'
import { assertDirectoryUsable } from '../../core/atomic-write.js'
import { InputError } from '../../core/errors.js'
import { isEmptySelection, selectReport } from '../../refine/selection.js'
import { loadFindingsFile } from '../../refine/baseline.js'
import { OUTPUT_FORMATS } from '../../report/outputs.js'
import type { CommandContext } from '../context.js'
import { finishReport, prepareOutputs } from '../finish-report.js'
import { SNAPSHOT_FILE } from '../report-output.js'
import { withExamples } from '../help.js'
import { failOnFlag, nonEmptyFlag, parseFlags } from '../options.js'
import { flagOverConfig } from '../precedence.js'
import { DEFAULT_FAIL_ON } from '../settings.js'
import { FAIL_ON_VALUES } from '../../config/schema.js'
import { addOutputOptions, outputFlagsSchema } from './output-flags.js'

const reportCommandFlagsSchema = outputFlagsSchema.extend({
  config: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.optional(),
  failOn: failOnFlag.optional(),
  strict: z.boolean().default(false),
  quiet: z.boolean().default(false),
})

export function reportCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('report')
    .description('render a findings.json again, offline: HTML, CSV, JUnit, OCSF, ASFF, PDF; with suppressions, a baseline or a narrower selection')
    .argument('<findings.json>', 'a findings file written by scan, evaluate or merge')
    .option('--output-dir <dir>', 'where the outputs go (default: the directory of the findings file)')
    .option('--fail-on <severity>', `exit 1 if an unmuted failing finding is at or above: ${FAIL_ON_VALUES.join('|')} (default: config failOn, else ${DEFAULT_FAIL_ON})`)
    .option('--strict', 'exit 3 when some check could not be evaluated')
    .option('--config <file>', 'config file (only failOn is read from it; default: ./guardrail.config.yaml when present)')
    .option('--quiet', 'print nothing but errors')
  addOutputOptions(command, 'html')
  withExamples(command, [
    { what: 'the HTML report and the spreadsheet of a nightly scan', run: 'guardrail report guardrail-report/findings.json --format html,csv' },
    { what: 'CI: fail only on new high or critical failures, accepted exceptions muted', run: 'guardrail report findings.json --suppressions suppressions.yaml --baseline previous/findings.json --new-only --fail-on high --format junit' },
    { what: 'the CIS section 1 view for Security Hub', run: 'guardrail report findings.json --framework cis-aws-3.0:1 --format asff --output-dir cis-1' },
  ])
  return command.action(async (findingsArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(reportCommandFlagsSchema, raw)
    const { config } = loadConfig(flags.config, io.cwd)
    const input = resolve(io.cwd, findingsArg)
    const outputDir = resolve(io.cwd, flags.outputDir ?? dirname(findingsArg))
    assertDirectoryUsable(outputDir, '--output-dir')
    const outputs = prepareOutputs(flags, io.cwd, ALL_CHECKS.map((c) => c.id), ['html'], config)
    // --access maps the snapshot kept beside the findings.
    if (outputs.access) outputs.access.snapshot = join(dirname(input), SNAPSHOT_FILE)
    const overwritesInput = outputs.formats.includes('json') && join(outputDir, OUTPUT_FORMATS.json.file) === input
    if (overwritesInput && !isEmptySelection(outputs.selection)) {
      throw new InputError(
        'WouldOverwriteInput',
        `--format json with a selection would replace ${findingsArg} with a narrowed copy, losing the other checks' findings.`,
        'Write the narrowed findings.json elsewhere with --output-dir.',
      )
    }
    const report = selectReport(loadFindingsFile(input, 'findings report'), outputs.selection)
    const failOn = flagOverConfig(flags.failOn, config.failOn, DEFAULT_FAIL_ON)
    setExitCode(await finishReport(report, outputs, { outputDir, failOn, strict: flags.strict, quiet: flags.quiet, io, sourceFindingsFile: input }))
  })
}
