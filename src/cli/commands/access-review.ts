// guardrail access review [access-map.json]: the access map as the sheet of the periodic access review
// (one row per principal and access path, with a stable row id, what revoking it would take, and the
// decision columns — filled from earlier decisions when there are some). The reviewer records the
// decisions in the decisions file (config access.decisions), which the check iam.access-reviewed reads
// and `guardrail remediate` carries out.
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { z } from 'zod'
import { decisionNames, loadDecisions, type Decision } from '../../access/decisions.js'
import { accessMapSchema, type AccessMap } from '../../access/map-schema.js'
import { reviewCsv, reviewDocument, reviewRows } from '../../access/review.js'
import { loadConfig } from '../../config/load.js'
import { assertDirectoryUsable, writeFileAtomic } from '../../core/atomic-write.js'
import { InputError } from '../../core/errors.js'
import { neutralizeControl as safeText } from '../../core/terminal-text.js'
import { formatZodIssues } from '../../core/zod-format.js'
import { readJsonFile } from '../../refine/baseline.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { configuredDecisions } from '../settings.js'
import { nonEmptyFlag, parseFlags } from '../options.js'

export const DEFAULT_ACCESS_MAP_FILE = 'access-map.json'
export const DEFAULT_REVIEW_FILES = { csv: 'access-review.csv', json: 'access-review.json' } as const

const flagsSchema = z.object({
  out: nonEmptyFlag.optional(),
  format: z.enum(['csv', 'json'], { error: 'expected csv or json' }).default('csv'),
  decisions: nonEmptyFlag.optional(),
  config: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

/** Reads and validates access-map.json; anything else is exit 2 naming the file. */
export function loadAccessMap(file: string): AccessMap {
  const shown = safeText(file)
  if (!existsSync(file)) throw new InputError('AccessMapNotFound', `access map ${shown} does not exist.`, 'Write it first: guardrail access <snapshot.json> --out . (then give its access-map.json).')
  const raw = readJsonFile(file, 'access map')
  const kind = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { kind?: unknown }).kind : undefined
  if (kind !== 'guardrail-access-map') throw new InputError('InvalidAccessMap', `${shown} is not a guardrail access map (no kind: guardrail-access-map).`, 'Give the access-map.json that `guardrail access` wrote.')
  const parsed = accessMapSchema.safeParse(raw)
  if (!parsed.success) throw new InputError('InvalidAccessMap', `${shown} is not a valid access map:\n${formatZodIssues(parsed.error)}`, 'Give the access-map.json that `guardrail access` wrote, unmodified, or write it again with this guardrail.')
  return parsed.data
}

/** Decisions that name no principal of the map, or a row that is not in the sheet: said, never silently dropped. */
function unmatchedDecisions(map: AccessMap, rowIds: ReadonlySet<string>, decisions: readonly Decision[]): string[] {
  return decisions.flatMap((d) => {
    if (!map.principals.some((p) => decisionNames(d.principal, p.arn))) return [`entry ${d.entry}: ${safeText(d.principal)} is not a principal of this access map`]
    if (d.row !== undefined && !rowIds.has(d.row)) return [`entry ${d.entry}: row ${d.row} of ${safeText(d.principal)} is not in this sheet (the access path is gone or changed)`]
    return []
  })
}

/**
 * `access` has options of its own with the same names (--out, --config, --quiet), and commander lets a
 * parent read its options anywhere on the line, so in `guardrail access review --out review.csv` the
 * parent takes --out. What the parent was given on the command line (not its defaults) is this
 * command's then. (Positional options would avoid this only if enabled on the root program, which
 * would stop `guardrail scan … --debug` from working.)
 */
function withParentFlags(command: Command, raw: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...raw }
  const parent = command.parent
  if (!parent) return merged
  for (const key of ['out', 'config', 'quiet']) {
    if (merged[key] === undefined && parent.getOptionValueSource(key) === 'cli') merged[key] = parent.getOptionValue(key)
  }
  return merged
}

export function addAccessReviewCommand(access: Command, { io }: CommandContext): void {
  const review = access
    .command('review')
    .description('the access map as the sheet of the periodic access review: one row per principal and access path, with a stable row id, what revoking it takes, and the decision columns (prefilled from earlier decisions)')
    .argument('[access-map.json]', `the map written by guardrail access (default: ./${DEFAULT_ACCESS_MAP_FILE})`)
    .option('--out <file>', `where the sheet goes (default: ${DEFAULT_REVIEW_FILES.csv}, or ${DEFAULT_REVIEW_FILES.json} with --format json)`)
    .option('--format <format>', 'csv (for a spreadsheet) or json', 'csv')
    .option('--decisions <file>', 'earlier decisions (YAML) to prefill the decision columns with (default: access.decisions of the config, when set)')
    .option('--config <file>', 'guardrail.config.yaml (access.decisions)')
    .option('--quiet', 'print nothing but errors')
  withExamples(review, [
    { what: 'the sheet for this quarter', run: 'guardrail access review access/access-map.json --out review.csv' },
    { what: "with last quarter's decisions filled in", run: 'guardrail access review access-map.json --out review.csv --decisions access-decisions.yaml' },
    { what: 'as JSON, for another tool', run: 'guardrail access review --format json --out review.json' },
  ])
  review.action((mapArg: string | undefined, raw: Record<string, unknown>) => {
    const flags = parseFlags(flagsSchema, withParentFlags(review, raw))
    const map = loadAccessMap(resolve(io.cwd, mapArg ?? DEFAULT_ACCESS_MAP_FILE))
    const now = new Date()
    let decisions: Decision[] | undefined
    if (flags.decisions !== undefined) {
      const file = resolve(io.cwd, flags.decisions)
      if (!existsSync(file)) throw new InputError('DecisionsNotFound', `--decisions: ${safeText(flags.decisions)} does not exist.`, 'Give the access review decisions file (YAML), or leave --decisions out.')
      decisions = loadDecisions(file, now)
    } else {
      const { config, source } = loadConfig(flags.config, io.cwd)
      decisions = configuredDecisions(config, source, now)
    }
    const rows = reviewRows(map, decisions)
    const out = resolve(io.cwd, flags.out ?? DEFAULT_REVIEW_FILES[flags.format])
    assertDirectoryUsable(dirname(out), '--out')
    writeFileAtomic(out, flags.format === 'csv' ? reviewCsv(rows) : JSON.stringify(reviewDocument(map, rows, now), null, 2) + '\n')
    const unmatched = decisions ? unmatchedDecisions(map, new Set(rows.map((r) => r.rowId)), decisions) : []
    for (const line of unmatched) io.stderr(`warning: decisions ${line}\n`)
    if (flags.quiet) return
    const prefilled = rows.filter((r) => r.decision !== '').length
    const conditional = rows.filter((r) => r.verdict === 'conditional').length
    io.stdout(
      [
        `Access review: ${rows.length} row(s) for ${map.principals.length} IAM user(s), ${conditional} conditional; ${decisions ? `${prefilled} row(s) prefilled from ${decisions.length} earlier decision(s)` : 'no earlier decisions'}.`,
        `Written: ${safeText(flags.out ?? DEFAULT_REVIEW_FILES[flags.format])}`,
        'Next: record keep/revoke per user (or per row id) in the decisions file named by access.decisions, then scan: iam.access-reviewed judges every IAM user by it.',
      ].join('\n') + '\n',
    )
  })
}
