// guardrail collect: read the account into a Snapshot file, evaluate nothing. The file can be
// evaluated offline later (guardrail evaluate), kept as audit evidence, or shipped elsewhere.
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { loadConfig } from '../../config/load.js'
import { writeFileAtomic } from '../../core/atomic-write.js'
import { currentAccountCollector } from '../collector.js'
import type { CommandContext } from '../context.js'
import { nonEmptyFlag, parseFlags } from '../options.js'
import { addCollectOptions, collectFlagsSchema, collectorOptions } from './collect-flags.js'
import { addOrgOptions, checkOrgFlags, orgFlagsSchema } from './org-flags.js'
import { renderScanGaps, runOrgScan } from '../org-scan.js'
import { FINDINGS_FILE } from '../report-output.js'
import { loadRuleSet } from '../settings.js'
import { withExamples } from '../help.js'

export const DEFAULT_SNAPSHOT_FILE = 'snapshot.json'

const collectOnlyFlagsSchema = collectFlagsSchema.extend(orgFlagsSchema.shape).extend({
  output: nonEmptyFlag.default(DEFAULT_SNAPSHOT_FILE),
  config: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

export function collectCommand({ io, deps }: CommandContext): Command {
  const command = new Command('collect').description('collect the account of the current credentials into a snapshot file (no evaluation)')
  command.option('-o, --output <file>', `snapshot file to write (default: ${DEFAULT_SNAPSHOT_FILE})`)
  command.option('--config <file>', 'config file (default: ./guardrail.config.yaml when present); its scan: section applies')
  command.option('--quiet', 'print nothing but errors')
  addCollectOptions(command)
  addOrgOptions(command)
  withExamples(command, [
    { what: 'keep the raw state of this account as evidence, evaluate later with `guardrail evaluate`', run: 'guardrail collect --output snapshot.json' },
    { what: 'every account of the organization, with the audit role', run: 'guardrail collect --org --role-name GuardrailAudit --output org-snapshot.json' },
  ])
  return command.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(collectOnlyFlagsSchema, raw)
    const shard = checkOrgFlags(flags)
    const { config, source } = loadConfig(flags.config, io.cwd)
    if (flags.org) {
      // The organization scan evaluates accounts as they stream to disk (so memory stays bounded);
      // `collect --org` keeps the snapshot and leaves those findings in the work directory.
      const file = resolve(io.cwd, flags.output)
      const workDir = resolve(io.cwd, flags.workDir ?? join(dirname(file), 'work'))
      const result = await runOrgScan({
        collect: flags,
        org: { ...flags, workDir },
        shard,
        scan: config.scan,
        ruleSet: loadRuleSet(config, source),
        outputDir: dirname(file),
        snapshotPath: file,
        findingsPath: join(workDir, FINDINGS_FILE),
        asOf: undefined,
        quiet: flags.quiet,
        io,
      })
      if (!flags.quiet) io.stdout(`Wrote ${file}: ${result.accounts} account(s). Evaluate it with: guardrail evaluate ${flags.output}\n`)
      io.stderr(renderScanGaps(result))
      return
    }
    const collect = await currentAccountCollector(deps)
    const snapshot = await collect(collectorOptions(flags, config.scan))
    const file = resolve(io.cwd, flags.output)
    writeFileAtomic(file, JSON.stringify(snapshot, null, 2) + '\n')
    if (!flags.quiet) {
      const calls = snapshot.accounts.reduce((n, a) => n + Object.values(a.apiCalls).reduce((x, y) => x + y, 0), 0)
      io.stdout(`Wrote ${file}: ${snapshot.accounts.length} account(s), ${calls} API call(s). Evaluate it with: guardrail evaluate ${flags.output}\n`)
    }
  })
}
