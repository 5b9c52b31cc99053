// guardrail merge: combine the work directories of `scan --org --shard k/n` runs (one per k) into
// the snapshot.json and findings.json a single unsharded run would have written.
import { join } from 'node:path'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { mergeShards } from '../../orchestrate/merge.js'
import { renderSummary } from '../../report/summary-table.js'
import type { CommandContext } from '../context.js'
import { exitCodeFor } from '../exit-code.js'
import { failOnFlag, nonEmptyFlag, parseFlags } from '../options.js'
import { FINDINGS_FILE, SNAPSHOT_FILE } from '../report-output.js'
import { DEFAULT_FAIL_ON, DEFAULT_OUTPUT_DIR, loadRuleSet } from '../settings.js'
import { loadConfig } from '../../config/load.js'
import { flagOverConfig } from '../precedence.js'

const mergeFlagsSchema = z.object({
  config: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.default(DEFAULT_OUTPUT_DIR),
  failOn: failOnFlag.optional(),
  strict: z.boolean().default(false),
  quiet: z.boolean().default(false),
})

export function mergeCommand({ io, setExitCode }: CommandContext): Command {
  return new Command('merge')
    .description('merge the work directories of sharded organization scans (scan --org --shard k/n) into one report')
    .argument('<work-dirs...>', 'one work directory per shard (each scan wrote it to --work-dir, default <output-dir>/work)')
    .option('--config <file>', 'the same config file the shards were scanned with (default: ./guardrail.config.yaml when present)')
    .option('--output-dir <dir>', `where findings.json and snapshot.json go (default: ${DEFAULT_OUTPUT_DIR})`)
    .option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity (default: config failOn, else high)')
    .option('--strict', 'exit 3 when some check could not be evaluated')
    .option('--quiet', 'print nothing but errors')
    .action(async (dirs: string[], raw: Record<string, unknown>) => {
      const flags = parseFlags(mergeFlagsSchema, raw)
      const { config, source } = loadConfig(flags.config, io.cwd)
      const outputDir = resolve(io.cwd, flags.outputDir)
      const findingsPath = join(outputDir, FINDINGS_FILE)
      const result = await mergeShards({
        shardDirs: dirs.map((d) => resolve(io.cwd, d)),
        ruleSet: loadRuleSet(config, source),
        snapshotPath: join(outputDir, SNAPSHOT_FILE),
        findingsPath,
      })
      if (!flags.quiet) io.stdout(renderSummary(result.report, findingsPath))
      setExitCode(exitCodeFor(result.report, flagOverConfig(flags.failOn, config.failOn, DEFAULT_FAIL_ON), flags.strict))
    })
}
