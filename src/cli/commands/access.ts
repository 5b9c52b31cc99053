// guardrail access <snapshot>: who can reach what, offline, from a snapshot. Writes the access map as
// JSON (the contract; the input of `access review`), CSV and a static HTML page. `access review` (its
// own module) turns the map into the review sheet a manager signs off.
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { buildAccessMap } from '../../access/map.js'
import { renderAccessHtml, renderAccessMapCsv } from '../../access/outputs.js'
import { loadConfig } from '../../config/load.js'
import { assertDirectoryUsable, writeFileAtomic } from '../../core/atomic-write.js'
import { globMatches } from '../../core/glob.js'
import { readSnapshotStreaming } from '../../snapshot/stream-reader.js'
import { neutralizeControl as safeText } from '../../core/terminal-text.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { nonEmptyFlag, parseFlags } from '../options.js'
import { addAccessReviewCommand } from './access-review.js'

export const ACCESS_FILES = { json: 'access-map.json', csv: 'access-map.csv', html: 'access.html' } as const

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
    // `access review … --out review.csv`: options after the subcommand are the subcommand's own.
    .enablePositionalOptions()
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
      identityAccounts: config.organization.identityAccounts,
      ...(config.users ? { userSync: config.users } : {}),
      ...(flags.principal ? { principal: (u) => matchesAny(flags.principal, u.name, u.arn) } : {}),
      ...(flags.instance ? { instance: (id) => matchesAny(flags.instance, id) } : {}),
      ...(config.access?.ownerTags ? { ownerTags: config.access.ownerTags } : {}),
      maxHops: flags.maxHops,
      now: new Date(),
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
    })
    writeFileAtomic(join(outDir, ACCESS_FILES.json), JSON.stringify(map, null, 2) + '\n')
    writeFileAtomic(join(outDir, ACCESS_FILES.csv), renderAccessMapCsv(map))
    writeFileAtomic(join(outDir, ACCESS_FILES.html), renderAccessHtml(map))
    if (flags.quiet) return
    const paths = map.principals.reduce((n, p) => n + p.roles.length + p.sessions.length + p.linuxAccounts.length, 0)
    const conditional = map.principals.reduce((n, p) => n + [...p.roles, ...p.sessions].filter((x) => x.verdict === 'conditional').length, 0)
    const lines = [
      `Access map: ${map.principals.length} IAM user(s) in ${map.identityAccounts.join(', ') || 'no account'}, ${paths} access path(s) (${conditional} conditional), ${map.instances.length} instance(s), ${map.stats.roles} role(s).`,
      ...map.gaps.map((g) => `  ! ${safeText(g.account)}${g.region ? ` ${safeText(g.region)}` : ''}: ${safeText(g.what)}`),
      `Written: ${[ACCESS_FILES.json, ACCESS_FILES.csv, ACCESS_FILES.html].map((f) => join(flags.out, f)).join(', ')}`,
      `Next: guardrail access review ${join(flags.out, ACCESS_FILES.json)} --out review.csv`,
    ]
    io.stdout(`${lines.join('\n')}\n`)
  })
  addAccessReviewCommand(command, ctx)
  return command
}
