// The scan's work directory: what lets an organization scan stream to disk, resume, and be merged.
//
//   manifest.json                  scan parameters, the plan (accounts to scan), caller, times
//   organization.json              the organization slice (discovery), written once
//   accounts/<id>.snapshot.json    one AccountSnapshot
//   accounts/<id>.findings.json    that account's findings, in report order
//   accounts/<id>.summary.json     metadata + totals; written LAST, so its presence means "done"
//   snapshot.json, findings.json   the assembled outputs (default location)
//
// Every file is written atomically (temp + rename): a scan killed at any instant leaves either a
// finished account or no trace of it, never half a file that a resume would trust.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import type { Finding } from '../core/types.js'
import type { FindingTotals } from '../report/stream.js'
import type { AccountSnapshot, AwsError } from '../snapshot/schema.js'
import type { DiscoveredAccount } from './filters.js'

export const WORKDIR_FORMAT = 'guardrail-scan-workdir'
export const WORKDIR_VERSION = 1

/** The parameters that decide what a scan produces. Resuming (or merging) with different ones is refused. */
export interface ScanParameters {
  accounts: string[] | null
  ous: string[] | null
  excludeAccounts: string[]
  regions: string[] | null
  roleName: string
  /** sha256 of the external id: enough to compare, nothing to leak. */
  externalIdSha256: string | null
  sessionName: string
  shardCount: number
  /** Digest of the enabled checks, severities, options and org settings. */
  rulesDigest: string
}

export interface Manifest {
  format: typeof WORKDIR_FORMAT
  version: typeof WORKDIR_VERSION
  tool: { name: string; version: string }
  parameters: ScanParameters
  shardIndex: number
  /** The time checks evaluate against; a resume reuses it so all accounts are judged alike. */
  asOf: string
  caller: { arn: string; accountId: string }
  partition: string
  startedAt: string
  /** API calls made outside any account (identity, discovery), by service. */
  organizationApiCalls: Record<string, number>
  /** Every ACTIVE account selected by the filters (all shards): the organization checks see these. */
  selectedAccounts: DiscoveredAccount[]
  /** This shard's accounts, in scan order. */
  plan: string[]
  inactiveAccounts: DiscoveredAccount[]
  /** Set when collection of every planned account finished. */
  collectionFinishedAt?: string
}

/** What the assembly needs from one account without reading its (large) snapshot. */
export interface AccountSummary {
  accountId: string
  name?: string
  ouPath?: { id: string; name: string }[]
  tags?: Record<string, string>
  regions: string[]
  collectedAt: string
  access: { kind: 'ok'; value: { roleArn?: string } } | { kind: 'unreadable'; error: AwsError }
  apiCalls: Record<string, number>
  /** Slices that could not be read, for progress and logs. */
  gaps: number
  totals: FindingTotals
}

const manifestSchema = z.object({ format: z.literal(WORKDIR_FORMAT), version: z.literal(WORKDIR_VERSION) }).passthrough()

export class WorkDir {
  constructor(readonly root: string) {}

  get manifestPath(): string {
    return join(this.root, 'manifest.json')
  }
  get organizationPath(): string {
    return join(this.root, 'organization.json')
  }
  accountPath(accountId: string, kind: 'snapshot' | 'findings' | 'summary'): string {
    return join(this.root, 'accounts', `${accountId}.${kind}.json`)
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
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(this.manifestPath, 'utf8'))
    } catch (err) {
      throw new InputError('WorkDirUnreadable', `Cannot read the scan manifest ${this.manifestPath}: ${(err as Error).message}`, 'Point --work-dir at the directory of an earlier guardrail organization scan.')
    }
    if (!manifestSchema.safeParse(raw).success) {
      throw new InputError('WorkDirUnreadable', `${this.manifestPath} is not a guardrail scan manifest (format ${WORKDIR_FORMAT} v${WORKDIR_VERSION}).`, 'Use a work directory written by this version of guardrail.')
    }
    return raw as Manifest
  }

  async writeManifest(manifest: Manifest): Promise<void> {
    await writeJsonAtomic(this.manifestPath, manifest)
  }

  isAccountDone(accountId: string): boolean {
    return existsSync(this.accountPath(accountId, 'summary'))
  }

  async writeAccount(snapshot: AccountSnapshot, findings: readonly Finding[], summary: AccountSummary): Promise<void> {
    await writeJsonAtomic(this.accountPath(snapshot.accountId, 'snapshot'), snapshot)
    await writeJsonAtomic(this.accountPath(snapshot.accountId, 'findings'), findings)
    await writeJsonAtomic(this.accountPath(snapshot.accountId, 'summary'), summary)
  }

  async readSummary(accountId: string): Promise<AccountSummary> {
    return JSON.parse(await readFile(this.accountPath(accountId, 'summary'), 'utf8')) as AccountSummary
  }

  async readFindings(accountId: string): Promise<Finding[]> {
    return JSON.parse(await readFile(this.accountPath(accountId, 'findings'), 'utf8')) as Finding[]
  }

  /** The account's snapshot as JSON text, to be copied into the assembled snapshot unparsed. */
  async readAccountSnapshotText(accountId: string): Promise<string> {
    return (await readFile(this.accountPath(accountId, 'snapshot'), 'utf8')).trim()
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, JSON.stringify(value), { encoding: 'utf8', flag: 'wx' })
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}
