// The scan's work directory: what lets an organization scan stream to disk, resume, and be merged.
//
//   manifest.json                  scan parameters, the plan (accounts to scan), caller, times
//   organization.json              the organization slice (discovery), written once
//   accounts/<id>.snapshot.json    one AccountSnapshot
//   accounts/<id>.findings.json    that account's findings, in report order
//   accounts/<id>.summary.json     metadata + totals; written LAST, so its presence means "scanned"
//   snapshot.json, findings.json   the assembled outputs (default location)
//
// Every file is written atomically (core/atomic-write.ts): a scan killed at any instant leaves either
// a finished account or no trace of it. Every file read back is validated with zod — a work
// directory is user input (copied between CI jobs, hand-edited, damaged) — and a file that does not
// validate is an InputError naming it, never a cast that fails later.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { assertDirectoryUsable, writeJsonAtomic } from '../core/atomic-write.js'
import { InputError } from '../core/errors.js'
import { accountIdSchema, isAccountId } from '../core/ids.js'
import { SEVERITIES, STATUSES, type Finding } from '../core/types.js'
import { formatZodIssues } from '../core/zod-format.js'
import type { FindingTotals } from '../report/stream.js'
import { reportFindingSchema } from '../report/schema.js'
import { organizationSliceSchema, type OrganizationSlice } from '../snapshot/organization.js'
import { readable } from '../snapshot/readable.js'
import { accountSnapshotSchema, type AccountSnapshot } from '../snapshot/schema.js'

export const WORKDIR_FORMAT = 'guardrail-scan-workdir'
export const WORKDIR_VERSION = 2

const ouPathSchema = z.array(z.object({ id: z.string(), name: z.string() }))

export const discoveredAccountSchema = z.object({
  accountId: accountIdSchema,
  name: z.string().optional(),
  status: z.string(),
  ouPath: ouPathSchema,
  tags: z.record(z.string(), z.string()),
})

/** The parameters that decide what a scan produces. Resuming (or merging) with different ones is refused. */
export const scanParametersSchema = z.strictObject({
  accounts: z.array(z.string()).nullable(),
  ous: z.array(z.string()).nullable(),
  excludeAccounts: z.array(z.string()),
  regions: z.array(z.string()).nullable(),
  roleName: z.string(),
  /** sha256 of the external id: enough to compare, nothing to leak. */
  externalIdSha256: z.string().nullable(),
  sessionName: z.string(),
  shardCount: z.number().int().min(1),
  /** Digest of the enabled checks, severities, options and org settings. */
  rulesDigest: z.string(),
})
export type ScanParameters = z.infer<typeof scanParametersSchema>

export const manifestSchema = z.strictObject({
  format: z.literal(WORKDIR_FORMAT),
  version: z.literal(WORKDIR_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  parameters: scanParametersSchema,
  shardIndex: z.number().int().min(0),
  /** The time checks evaluate against; a resume reuses it so all accounts are judged alike. */
  asOf: z.iso.datetime(),
  caller: z.object({ arn: z.string(), accountId: accountIdSchema }),
  partition: z.string().min(1),
  startedAt: z.string(),
  /** API calls made outside any account (identity, discovery), by service. */
  organizationApiCalls: z.record(z.string(), z.number()),
  /** Every ACTIVE account selected by the filters (all shards): the organization checks see these. */
  selectedAccounts: z.array(discoveredAccountSchema),
  /** This shard's accounts, in scan order. */
  plan: z.array(accountIdSchema),
  inactiveAccounts: z.array(discoveredAccountSchema),
  /** Set when collection of every planned account finished. */
  collectionFinishedAt: z.string().optional(),
})
export type Manifest = z.infer<typeof manifestSchema>

const statusCounts = z.strictObject(Object.fromEntries(STATUSES.map((s) => [s, z.number().int().nonnegative()])) as Record<(typeof STATUSES)[number], z.ZodNumber>)
const totalsSchema = z.strictObject({
  findings: z.number().int().nonnegative(),
  byStatus: statusCounts,
  failuresBySeverity: z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().nonnegative()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>),
  byCheck: z.record(z.string(), statusCounts),
  errorFindings: z.array(reportFindingSchema),
})

/** What the assembly needs from one account without reading its (large) snapshot. */
export const accountSummarySchema = z.strictObject({
  accountId: accountIdSchema,
  name: z.string().optional(),
  ouPath: ouPathSchema.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  regions: z.array(z.string()),
  skippedRegions: z.array(z.strictObject({ region: z.string(), reason: z.string() })).optional(),
  collectedAt: z.string(),
  access: readable(z.object({ roleArn: z.string().optional() })),
  apiCalls: z.record(z.string(), z.number()),
  /** Slices that could not be read, for progress and logs. */
  gaps: z.number().int().nonnegative(),
  /**
   * Of those, the ones that failed for a transient reason (network, throttling beyond retries, 5xx),
   * or 1 when the account could not be entered for such a reason. Non-zero: the account was not
   * really scanned, and --resume scans it again.
   */
  transientGaps: z.number().int().nonnegative(),
  totals: totalsSchema,
  /**
   * The slices organization checks read of member accounts (their `fromMembers`), laid out as in the
   * account snapshot: the organization checks run after the accounts were dropped from memory.
   */
  memberSlices: z.record(z.string(), z.unknown()),
})
export type AccountSummary = z.infer<typeof accountSummarySchema> & { totals: FindingTotals }

const HINT_WORKDIR = 'Point --work-dir (or merge) at a directory written by `guardrail scan --org` of this version.'

function rescanHint(root: string, accountId: string): string {
  return `The file is damaged: delete ${join(root, 'accounts', `${accountId}.*`)} and run the scan again with --resume to scan that account again.`
}

export class WorkDir {
  /**
   * `trusted`: a private scratch directory this process wrote moments ago (evaluate's), whose files
   * are parsed without the zod pass — validating them again would only repeat work. Work directories
   * users hand us (scan, --resume, merge) are never trusted.
   */
  constructor(
    readonly root: string,
    private readonly options: { trusted?: boolean } = {},
  ) {}

  get manifestPath(): string {
    return join(this.root, 'manifest.json')
  }
  get organizationPath(): string {
    return join(this.root, 'organization.json')
  }
  accountPath(accountId: string, kind: 'snapshot' | 'findings' | 'summary'): string {
    // Ids come from AWS responses and from files: only a 12-digit id ever becomes a path.
    if (!isAccountId(accountId)) throw new InputError('InvalidAccountId', `${JSON.stringify(String(accountId).slice(0, 40))} is not a 12-digit AWS account id.`, HINT_WORKDIR)
    return join(this.root, 'accounts', `${accountId}.${kind}.json`)
  }

  /** A path that exists but is not a directory is refused up front, before any AWS call. */
  assertUsable(flag = '--work-dir'): void {
    assertDirectoryUsable(this.root, flag, 'WorkDirNotADirectory')
  }

  /**
   * Removes a finished scan's files (only ours: the manifest, the organization view, the accounts'
   * results), so a new scan can use the same directory: a nightly job scans into the same place.
   */
  async clearFinishedScan(): Promise<void> {
    await rm(join(this.root, 'accounts'), { recursive: true, force: true })
    await rm(this.organizationPath, { force: true })
    await rm(this.manifestPath, { force: true })
  }

  hasManifest(): boolean {
    return existsSync(this.manifestPath)
  }

  readManifest(): Manifest {
    return parseJsonFile(this.manifestPath, readTextSync(this.manifestPath), manifestSchema, 'a guardrail scan manifest', HINT_WORKDIR)
  }

  async writeManifest(manifest: Manifest): Promise<void> {
    await writeJsonAtomic(this.manifestPath, manifest)
  }

  async readOrganization(): Promise<OrganizationSlice> {
    return parseJsonFile(this.organizationPath, await readText(this.organizationPath), organizationSliceSchema, 'an organization view', HINT_WORKDIR)
  }

  async writeOrganization(organization: OrganizationSlice): Promise<void> {
    await writeJsonAtomic(this.organizationPath, organization)
  }

  /** Scanned, and not to be scanned again by --resume: a summary exists and no failure was transient. */
  async isAccountDone(accountId: string): Promise<boolean> {
    if (!existsSync(this.accountPath(accountId, 'summary'))) return false
    return (await this.readSummary(accountId)).transientGaps === 0
  }

  /** `snapshot` undefined: only findings and summary (evaluate of an existing snapshot file keeps no copy). */
  async writeAccount(snapshot: AccountSnapshot | undefined, findings: readonly Finding[], summary: AccountSummary): Promise<void> {
    const id = summary.accountId
    // The summary last: its presence means the others are whole.
    await rm(this.accountPath(id, 'summary'), { force: true })
    // A private scratch directory needs no crash safety (it is removed whatever happens): plain writes.
    const write = this.options.trusted
      ? async (file: string, value: unknown) => {
          mkdirSync(dirname(file), { recursive: true })
          writeFileSync(file, JSON.stringify(value))
        }
      : writeJsonAtomic
    if (snapshot !== undefined) await write(this.accountPath(id, 'snapshot'), snapshot)
    await write(this.accountPath(id, 'findings'), findings)
    await write(this.accountPath(id, 'summary'), summary)
  }

  async readSummary(accountId: string): Promise<AccountSummary> {
    const file = this.accountPath(accountId, 'summary')
    const text = await readText(file)
    if (this.options.trusted) return JSON.parse(text) as AccountSummary
    return parseJsonFile(file, text, accountSummarySchema, 'an account summary', rescanHint(this.root, accountId)) as AccountSummary
  }

  async readFindings(accountId: string): Promise<Finding[]> {
    const file = this.accountPath(accountId, 'findings')
    const text = await readText(file)
    if (this.options.trusted) return JSON.parse(text) as Finding[]
    return parseJsonFile(file, text, z.array(reportFindingSchema), "an account's findings", rescanHint(this.root, accountId))
  }

  /**
   * The account's snapshot as JSON text, to be copied into the assembled snapshot. Validated first
   * (one account in memory at a time), so a damaged file never ends up inside snapshot.json.
   */
  async readAccountSnapshotText(accountId: string): Promise<string> {
    const file = this.accountPath(accountId, 'snapshot')
    const text = (await readText(file)).trim()
    const parsed = parseJsonFile(file, text, accountSnapshotSchema, 'an account snapshot', rescanHint(this.root, accountId))
    if (parsed.accountId !== accountId) throw new InputError('WorkDirCorrupt', `${file} holds account ${parsed.accountId}, not ${accountId}.`, rescanHint(this.root, accountId))
    return text
  }
}

function readTextSync(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError('WorkDirUnreadable', `Cannot read ${file}: ${(err as Error).message}`, HINT_WORKDIR)
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    throw new InputError('WorkDirUnreadable', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, HINT_WORKDIR)
  }
}

function parseJsonFile<S extends z.ZodType>(file: string, text: string, schema: S, what: string, hint: string): z.output<S> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new InputError('WorkDirCorrupt', `${file} is not valid JSON (truncated or edited?): ${(err as Error).message}`, hint)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new InputError('WorkDirCorrupt', `${file} is not ${what}:\n${formatZodIssues(parsed.error)}`, hint)
  return parsed.data
}
