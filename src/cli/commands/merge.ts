// guardrail merge: combine the work directories of `scan --org --shard k/n` runs (one per k) into
// the snapshot.json and findings.json a single unsharded run would have written.
import { join } from 'node:path'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { mergeShards } from '../../orchestrate/merge.js'
import { ALL_CHECKS } from '../../checks/index.js'
import { selectRuleSet } from '../../refine/selection.js'
import { finishWritten, prepareOutputs } from '../finish-report.js'
import { addOutputOptions, outputFlagsSchema } from './output-flags.js'
import { withExamples } from '../help.js'
import type { CommandContext } from '../context.js'
import { failOnFlag, nonEmptyFlag, parseFlags } from '../options.js'
import { FINDINGS_FILE, SNAPSHOT_FILE } from '../report-output.js'
import { DEFAULT_FAIL_ON, DEFAULT_OUTPUT_DIR, loadRuleSet, withJson } from '../settings.js'
import { loadConfig } from '../../config/load.js'
import { flagOverConfig } from '../precedence.js'

const mergeFlagsSchema = outputFlagsSchema.extend({
  config: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.default(DEFAULT_OUTPUT_DIR),
  failOn: failOnFlag.optional(),
  strict: z.boolean().default(false),
  quiet: z.boolean().default(false),
})

export function mergeCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('merge')
    .description('merge the work directories of sharded organization scans (scan --org --shard k/n) into one report')
    .argument('<work-dirs...>', 'one work directory per shard (each scan wrote it to --work-dir, default <output-dir>/work)')
    .option('--config <file>', 'the same config file the shards were scanned with (default: ./guardrail.config.yaml when present)')
    .option('--output-dir <dir>', `where findings.json and snapshot.json go (default: ${DEFAULT_OUTPUT_DIR})`)
    .option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity (default: config failOn, else high)')
    .option('--strict', 'exit 3 when some check could not be evaluated')
    .option('--quiet', 'print nothing but errors')
  addOutputOptions(command, 'json; findings.json is always written')
  withExamples(command, [
    { what: 'combine four shard jobs into one report', run: 'guardrail merge shard-1/work shard-2/work shard-3/work shard-4/work --output-dir org-report' },
    { what: 'and render it for people and for CI', run: 'guardrail merge shard-*/work --format html,junit --suppressions suppressions.yaml' },
  ])
  return command.action(async (dirs: string[], raw: Record<string, unknown>) => {
    const flags = parseFlags(mergeFlagsSchema, raw)
    const { config, source } = loadConfig(flags.config, io.cwd)
    const outputDir = resolve(io.cwd, flags.outputDir)
    const outputs = prepareOutputs({ ...flags, format: withJson(flags.format) }, io.cwd, ALL_CHECKS.map((c) => c.id), ['json'], config)
    const findingsPath = join(outputDir, FINDINGS_FILE)
    const result = await mergeShards({
      shardDirs: dirs.map((d) => resolve(io.cwd, d)),
      ruleSet: selectRuleSet(loadRuleSet(config, source), outputs.selection),
      snapshotPath: join(outputDir, SNAPSHOT_FILE),
      findingsPath,
    })
    const failOn = flagOverConfig(flags.failOn, config.failOn, DEFAULT_FAIL_ON)
    setExitCode(await finishWritten(result.report, findingsPath, outputs, { outputDir, failOn, strict: flags.strict, quiet: flags.quiet, io }))
  })
}
