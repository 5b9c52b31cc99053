// guardrail access <snapshot>: who can reach what, offline, from a snapshot. Writes the access map as
// JSON (the contract; the input of `access review`), CSV and a static HTML page. `access review` (its
// own module) turns the map into the review sheet a manager signs off.
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { accessMapSettings, buildAccessMap } from '../../access/map.js'
import { ACCESS_FILES, describeAccessMap, writeAccessMap } from '../../access/outputs.js'
import { loadConfig } from '../../config/load.js'
import { assertDirectoryUsable } from '../../core/atomic-write.js'
import { globMatches } from '../../core/glob.js'
import { readSnapshotStreaming } from '../../snapshot/stream-reader.js'
import { neutralizeControl as safeText } from '../../core/terminal-text.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { nonEmptyFlag, parseFlags } from '../options.js'
import { addAccessReviewCommand } from './access-review.js'

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  .pipe(z.array(z.string()).min(1, 'give at least one name or pattern'))

const flagsSchema = z.object({
  out: nonEmptyFlag.default('.'),
  principal: list.optional(),
  instance: list.optional(),
  config: nonEmptyFlag.optional(),
  maxHops: z.coerce.number().int().min(1).max(5).default(3),
  quiet: z.boolean().default(false),
})

const matchesAny = (patterns: readonly string[] | undefined, ...values: string[]) => patterns === undefined || patterns.some((p) => values.some((v) => globMatches(p, v)))

export function accessCommand(ctx: CommandContext): Command {
  const { io } = ctx
  const command = new Command('access')
    .description('who can reach what: roles each IAM user can assume across the organization, the instances they can open (Session Manager, Instance Connect, user-sync accounts), and per instance who can reach it')
    .argument('[snapshot]', 'snapshot file written by `guardrail scan --org` or `collect`')
    .option('--out <dir>', 'directory for access-map.json, access-map.csv and access.html', '.')
    .option('--principal <list>', 'only these IAM users: names, ARNs or patterns (alice,dev-*)')
    .option('--instance <list>', 'only these instances: ids or patterns')
    .option('--max-hops <n>', 'longest role chain followed (1-5)', '3')
    .option('--config <file>', 'guardrail.config.yaml (organization.identityAccounts, users, access.ownerTags)')
    .option('--quiet', 'print nothing but errors')
  withExamples(command, [
    { what: 'the whole map from last night\'s organization scan', run: 'guardrail access guardrail-report/snapshot.json --out access' },
    { what: 'what can alice reach?', run: 'guardrail access snapshot.json --principal alice --out access-alice' },
    { what: 'who can reach this instance?', run: 'guardrail access snapshot.json --instance i-0abc123 --out access-i-0abc123' },
    { what: 'then the review sheet for the quarter', run: 'guardrail access review access/access-map.json --out review.csv' },
  ])
  command.action(async (snapshotArg: string | undefined, raw: Record<string, unknown>) => {
    if (snapshotArg === undefined) {
      command.help({ error: true })
      return
    }
    const flags = parseFlags(flagsSchema, raw)
    const { config } = loadConfig(flags.config, io.cwd)
    // The snapshot is read (and refused) before the output directory is made: bad input writes nothing.
    const snapshot = await readSnapshotStreaming(resolve(io.cwd, snapshotArg))
    const outDir = resolve(io.cwd, flags.out)
    assertDirectoryUsable(outDir, '--out')
    const map = buildAccessMap(snapshot, {
      ...accessMapSettings(config),
      ...(flags.principal ? { principal: (u) => matchesAny(flags.principal, u.name, u.arn) } : {}),
      ...(flags.instance ? { instance: (id) => matchesAny(flags.instance, id) } : {}),
      maxHops: flags.maxHops,
      now: new Date(),
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
    })
    writeAccessMap(map, outDir)
    if (flags.quiet) return
    const lines = [
      ...describeAccessMap(map).map(safeText),
      `Written: ${[ACCESS_FILES.json, ACCESS_FILES.csv, ACCESS_FILES.html].map((f) => join(flags.out, f)).join(', ')}`,
      `Next: guardrail access review ${join(flags.out, ACCESS_FILES.json)} --out review.csv`,
    ]
    io.stdout(`${lines.join('\n')}\n`)
  })
  addAccessReviewCommand(command, ctx)
  return command
}
