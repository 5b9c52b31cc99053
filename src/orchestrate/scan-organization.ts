// The organization scan: plan (discover, or reload an interrupted scan), scan each account with
// bounded concurrency (audit-role.ts → collect/pipeline.ts → evaluate), stream every finished account
// to the work directory (workdir.ts), then run the organization checks and assemble the outputs by
// streaming (assemble.ts). Memory is bounded by concurrency, not by the size of the organization.
//
// Failure isolation: an account whose role cannot be assumed, a region that fails, or throttling
// beyond retries never aborts the scan. The account or region gets unreadable slices carrying the
// AWS error code, its checks report `error`, and the report's coverage lists exactly those gaps.
// An account that failed for a transient reason is written but not "done": --resume scans it again.
// The one exception is WriteRefusedError (a bug: scan code tried a non-read call), which stops it.
import type { AwsSession } from '../aws/session.js'
import { collectOrganization as realCollectOrganization } from '../collect/organization.js'
import { ManagedPolicyCache } from '../collect/managed-policy-cache.js'
import { DEFAULT_REGION_CONCURRENCY, type CollectAccountInput } from '../collect/pipeline.js'
import type { CollectorDefinition } from '../collect/registry.js'
import { EXIT, GuardrailError, InputError } from '../core/errors.js'
import { evaluateAccount } from '../engine/evaluate.js'
import { compareFindings } from '../report/build.js'
import type { RuleSet } from '../rules/load.js'
import type { OrganizationSlice } from '../snapshot/organization.js'
import { SNAPSHOT_SCHEMA_VERSION, type AccountSnapshot, type Snapshot } from '../snapshot/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { memberSliceKeys, summarizeAccount } from './account-summary.js'
import { scanAccount } from './account-scan.js'
import { assemble, type AssembleResult } from './assemble.js'
import { DEFAULT_AUDIT_ROLE, DEFAULT_SESSION_NAME, type AuditRoleOptions } from './audit-role.js'
import type { ScanEventListener } from './events.js'
import { externalIdDigest, rulesDigest } from './parameters.js'
import { runPool } from './pool.js'
import { newPlan, resumePlan } from './scan-plan.js'
import { DEFAULT_SERVICE_LIMITS, limitSession, ScanLimiters, type ServiceLimits } from './service-limits.js'
import { validateShard, type Shard } from './shard.js'
import { WorkDir, type ScanParameters } from './workdir.js'
import { join } from 'node:path'
import { periodicCollection } from '../core/memory.js'

export { DEFAULT_AUDIT_ROLE, DEFAULT_SESSION_NAME, DEFAULT_REGION_CONCURRENCY, type AuditRoleOptions }
export const DEFAULT_CONCURRENCY = 8

/** The collectors, injectable so tests can count or break them. */
export interface ScanCollectors {
  collectOrganization(session: AwsSession): Promise<OrganizationSlice>
  /** The account pipeline (collect/pipeline.ts). */
  collectAccount(input: CollectAccountInput): Promise<AccountSnapshot>
}

export interface ScanOrganizationOptions {
  /** The caller's session: management account, or a delegated administrator for Organizations. */
  session: AwsSession
  ruleSet: RuleSet
  /** Where per-account results stream to; also the unit of --resume and of `guardrail merge`. */
  workDir: string
  /** Default <workDir>/snapshot.json and <workDir>/findings.json. */
  snapshotPath?: string
  findingsPath?: string
  /** Regions to scan in every account; default: each account's enabled regions. */
  regions?: string[]
  accounts?: string[]
  /** OU ids or names; an account is included when the OU is anywhere on its path. */
  ous?: string[]
  excludeAccounts?: string[]
  auditRole?: AuditRoleOptions
  /** Accounts scanned at the same time; default 8. */
  concurrency?: number
  /** Regions scanned at the same time within one account; default 4. */
  regionConcurrency?: number
  /** Attempts per AWS call for member-account sessions (adaptive retry). */
  maxAttempts?: number
  /** Explicit endpoint for member-account sessions (tests); normally AWS_ENDPOINT_URL or unset. */
  endpoint?: string
  serviceLimits?: ServiceLimits
  /** Continue an interrupted scan in the same workDir, skipping finished accounts. */
  resume?: boolean
  shard?: Shard
  /** The time checks evaluate against; default: when the scan started. */
  asOf?: Date
  /** Stops starting new accounts (accounts in flight finish and are kept); the scan then throws ScanInterrupted. */
  signal?: AbortSignal
  onEvent?: ScanEventListener
  collectors?: Partial<ScanCollectors>
  /** The registry collectors to run in every account (a scan narrowed to some checks); default: all. */
  accountCollectors?: readonly CollectorDefinition[]
  tool?: { name: string; version: string }
}

export interface ScanOrganizationResult extends AssembleResult {
  /** Organizations listed these with an id that is not an account id; they were not scanned. */
  rejectedAccounts: OrganizationSlice['rejectedAccounts']
  /** Accounts scanned in this run (the others were finished by an earlier, interrupted run). */
  scannedThisRun: string[]
  resumedAccounts: string[]
  workDir: string
}

const defaultCollectOrganization = (session: AwsSession): Promise<OrganizationSlice> => realCollectOrganization(session)

function checkPositive(name: string, value: number | undefined, flag: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new InputError('InvalidOption', `${name} must be a whole number of at least 1 (got ${value}).`, `Pass ${flag} with a positive number.`)
  }
}

function parametersOf(options: ScanOrganizationOptions): ScanParameters {
  const sortedOrNull = (xs: string[] | undefined) => (xs && xs.length > 0 ? [...xs].sort() : null)
  return {
    accounts: sortedOrNull(options.accounts),
    ous: sortedOrNull(options.ous),
    excludeAccounts: [...(options.excludeAccounts ?? [])].sort(),
    regions: sortedOrNull(options.regions),
    roleName: options.auditRole?.name ?? DEFAULT_AUDIT_ROLE,
    externalIdSha256: externalIdDigest(options.auditRole?.externalId),
    sessionName: options.auditRole?.sessionName ?? DEFAULT_SESSION_NAME,
    shardCount: options.shard?.count ?? 1,
    rulesDigest: rulesDigest(options.ruleSet),
  }
}

export class ScanInterrupted extends GuardrailError {
  constructor(done: number, total: number, workDir: string) {
    super('ScanInterrupted', `The scan was interrupted after ${done} of ${total} account(s); finished accounts are kept in ${workDir}.`, {
      hint: 'Run the same command again with --resume to continue where it stopped.',
      exitCode: EXIT.incomplete,
    })
    this.name = 'ScanInterrupted'
  }
}

export async function scanOrganization(options: ScanOrganizationOptions): Promise<ScanOrganizationResult> {
  checkPositive('concurrency', options.concurrency, '--concurrency')
  checkPositive('regionConcurrency', options.regionConcurrency, 'regionConcurrency (a programmatic option)')
  checkPositive('maxAttempts', options.maxAttempts, '--max-attempts')
  if (options.shard) validateShard(options.shard)
  const tool = options.tool ?? { name: TOOL_NAME, version: TOOL_VERSION }
  const emit: ScanEventListener = options.onEvent ?? (() => {})
  const workDir = new WorkDir(options.workDir)
  workDir.assertUsable()
  const limiters = new ScanLimiters(options.serviceLimits ?? DEFAULT_SERVICE_LIMITS)

  // ---- plan: discover, or reload the plan of an earlier scan ----
  emit({ type: 'phase', phase: 'discover' })
  const request = {
    workDir,
    parameters: parametersOf(options),
    tool,
    session: options.session,
    limitedSession: limitSession(options.session, (service) => limiters.forScan(service)),
    collectOrganization: options.collectors?.collectOrganization ?? defaultCollectOrganization,
    resume: options.resume ?? false,
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.ous ? { ous: options.ous } : {}),
    ...(options.excludeAccounts ? { excludeAccounts: options.excludeAccounts } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  }
  const { manifest, organization } = options.resume ? await resumePlan(request) : await newPlan(request)
  for (const rejected of organization.rejectedAccounts) {
    emit({ type: 'warning', message: `Organizations listed an account with id ${rejected.id} (parent ${rejected.parentId}): ${rejected.reason}; it was not scanned.` })
  }

  // ---- collect + evaluate each account ----
  const byId = new Map(manifest.selectedAccounts.map((a) => [a.accountId, a]))
  const pending: string[] = []
  for (const id of manifest.plan) if (!(await workDir.isAccountDone(id))) pending.push(id)
  const pendingSet = new Set(pending)
  const resumedAccounts = manifest.plan.filter((id) => !pendingSet.has(id))
  emit({ type: 'plan', total: manifest.plan.length, alreadyDone: resumedAccounts.length, regions: options.regions ?? 'per-account' })
  emit({ type: 'phase', phase: 'collect' })

  const scannedThisRun: string[] = []
  const lightBase: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool,
    partition: manifest.partition,
    caller: manifest.caller,
    startedAt: manifest.startedAt,
    finishedAt: manifest.startedAt,
    organization,
    accounts: [],
    apiCalls: {},
  }
  const memberKeys = memberSliceKeys(options.ruleSet)
  const settings = {
    sessions: {
      caller: options.session,
      callerAccountId: manifest.caller.accountId,
      callerArn: manifest.caller.arn,
      partition: manifest.partition,
      role: options.auditRole ?? {},
      limiters,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    },
    ...(options.regions !== undefined ? { regions: options.regions } : {}),
    regionConcurrency: options.regionConcurrency ?? DEFAULT_REGION_CONCURRENCY,
    cache: new ManagedPolicyCache(),
    ...(options.accountCollectors !== undefined ? { collectors: options.accountCollectors } : {}),
    ...(options.collectors?.collectAccount ? { collect: options.collectors.collectAccount } : {}),
  }
  const done = new Set(resumedAccounts)
  // Each account's snapshot is dropped once written, but with many accounts in flight V8 lets the
  // promoted garbage grow RSS well past the live heap (tens of MB); a full collection every few dozen
  // accounts (milliseconds at this heap size) keeps it near what is really held.
  const tidy = periodicCollection(25)
  await runPool(
    pending,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (accountId) => {
      const started = Date.now()
      emit({ type: 'account-start', accountId })
      const account = await scanAccount(settings, byId.get(accountId)!)
      const findings = evaluateAccount({ ...lightBase, accounts: [account] }, account, options.ruleSet, { now: new Date(manifest.asOf) }).sort(compareFindings)
      const summary = summarizeAccount(account, findings, memberKeys)
      await workDir.writeAccount(account, findings, summary)
      scannedThisRun.push(accountId)
      done.add(accountId)
      emit({ type: 'account-done', accountId, accessible: account.access.kind === 'ok', gaps: summary.gaps, durationMs: Date.now() - started })
      tidy()
    },
    options.signal,
  )
  if (done.size < manifest.plan.length) throw new ScanInterrupted(done.size, manifest.plan.length, options.workDir)
  if (!manifest.collectionFinishedAt || scannedThisRun.length > 0) {
    manifest.collectionFinishedAt = new Date().toISOString()
    await workDir.writeManifest(manifest)
  }

  // ---- organization checks + outputs ----
  emit({ type: 'phase', phase: 'organization-checks' })
  emit({ type: 'phase', phase: 'assemble' })
  const result = await assemble({
    command: 'scan',
    tool,
    sources: [{ workDir, accountIds: manifest.plan }],
    organization,
    partition: manifest.partition,
    caller: manifest.caller,
    startedAt: manifest.startedAt,
    finishedAt: manifest.collectionFinishedAt,
    organizationApiCalls: manifest.organizationApiCalls,
    ruleSet: options.ruleSet,
    asOf: new Date(manifest.asOf),
    snapshotPath: options.snapshotPath ?? join(options.workDir, 'snapshot.json'),
    findingsPath: options.findingsPath ?? join(options.workDir, 'findings.json'),
  })
  emit({ type: 'phase', phase: 'done' })
  return { ...result, scannedThisRun, resumedAccounts, workDir: options.workDir, rejectedAccounts: organization.rejectedAccounts }
}
