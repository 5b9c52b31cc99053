// The organization scan: discover the accounts, scan each (assume the audit role, find its enabled
// regions, collect IAM and the regional slices, evaluate) with bounded concurrency, stream every
// finished account to the work directory, then run the organization checks and assemble the
// outputs by streaming. Memory is bounded by concurrency, not by the size of the organization.
//
// Failure isolation: an account whose role cannot be assumed, a region that fails, or throttling
// beyond retries never aborts the scan. The account or region gets unreadable slices carrying the
// AWS error code, its checks report `error`, and the report's coverage lists exactly those gaps.
// The one exception is WriteRefusedError (a bug: scan code tried a non-read call), which stops it.
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { ApiCallCounter } from '../aws/call-counter.js'
import { createSession, type AwsSession } from '../aws/session.js'
import { collectAccount as realCollectAccount, type CollectAccountInput } from '../collect/account.js'
import { partitionOfArn, whoAmI } from '../collect/current-account.js'
import { collectOrganization as realCollectOrganization } from '../collect/organization.js'
import { toAwsError } from '../collect/isolate.js'
import { ManagedPolicyCache } from '../collect/managed-policy-cache.js'
import { collectRegion, unreadableRegion } from '../collect/regional/index.js'
import { discoverEnabledRegions } from '../collect/regions.js'
import { EXIT, GuardrailError, InputError, WriteRefusedError } from '../core/errors.js'
import { evaluateAccount } from '../engine/evaluate.js'
import { compareFindings } from '../report/build.js'
import { summarizeFindings } from '../report/stream.js'
import type { RuleSet } from '../rules/load.js'
import type { OrganizationSlice } from '../snapshot/organization.js'
import { SNAPSHOT_SCHEMA_VERSION, unreadable, type AccountSnapshot, type AwsError, type Snapshot } from '../snapshot/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { assemble, type AssembleResult } from './assemble.js'
import { discoveredAccounts } from './discover.js'
import type { ScanEventListener } from './events.js'
import { selectAccounts, type DiscoveredAccount } from './filters.js'
import { assertSameParameters, externalIdDigest, rulesDigest } from './parameters.js'
import { runPool } from './pool.js'
import { DEFAULT_SERVICE_LIMITS, limitSession, ScanLimiters, type ClosableSession, type ServiceLimits } from './service-limits.js'
import { inShard, validateShard, type Shard } from './shard.js'
import { WORKDIR_FORMAT, WORKDIR_VERSION, WorkDir, writeJsonAtomic, type AccountSummary, type Manifest, type ScanParameters } from './workdir.js'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export const DEFAULT_AUDIT_ROLE = 'OrganizationAccountAccessRole'
export const DEFAULT_SESSION_NAME = 'guardrail-audit'
export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_REGION_CONCURRENCY = 4

export interface AuditRoleOptions {
  /** Role assumed in every member account; default OrganizationAccountAccessRole. */
  name?: string
  externalId?: string
  /** RoleSessionName, visible in the member accounts' CloudTrail; default guardrail-audit. */
  sessionName?: string
}

/** The collectors, injectable so tests can count or break them. */
export interface ScanCollectors {
  collectOrganization(session: AwsSession): Promise<OrganizationSlice>
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
  tool?: { name: string; version: string }
}

export interface ScanOrganizationResult extends AssembleResult {
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
  checkPositive('regionConcurrency', options.regionConcurrency, '--region-concurrency')
  checkPositive('maxAttempts', options.maxAttempts, '--max-attempts')
  if (options.shard) validateShard(options.shard)
  const tool = options.tool ?? { name: TOOL_NAME, version: TOOL_VERSION }
  const emit: ScanEventListener = options.onEvent ?? (() => {})
  const collectors: ScanCollectors = {
    collectOrganization: options.collectors?.collectOrganization ?? defaultCollectOrganization,
    collectAccount: options.collectors?.collectAccount ?? realCollectAccount,
  }
  const workDir = new WorkDir(options.workDir)
  const parameters = parametersOf(options)
  const limiters = new ScanLimiters(options.serviceLimits ?? DEFAULT_SERVICE_LIMITS)
  const callerSession = limitSession(options.session, (service) => limiters.forScan(service))

  // ---- discover (or reload the plan of an interrupted scan) ----
  emit({ type: 'phase', phase: 'discover' })
  let manifest: Manifest
  let organization: OrganizationSlice
  if (options.resume) {
    if (!workDir.hasManifest()) {
      throw new InputError('NothingToResume', `--resume: ${options.workDir} holds no interrupted scan (no manifest.json).`, 'Drop --resume to start a new scan, or point --work-dir at the earlier scan.')
    }
    manifest = workDir.readManifest()
    const hint = 'Resume with exactly the options of the interrupted scan, or start a new scan in another --work-dir.'
    assertSameParameters(manifest.parameters, parameters, `--resume: cannot continue the scan in ${options.workDir}`, hint)
    if ((options.shard?.index ?? 0) !== manifest.shardIndex) {
      throw new InputError('ScanParametersDiffer', `--resume: cannot continue the scan in ${options.workDir}: --shard (index) differs from the earlier scan's.`, hint)
    }
    if (options.asOf !== undefined && options.asOf.toISOString() !== manifest.asOf) {
      throw new InputError('ScanParametersDiffer', `--resume: cannot continue the scan in ${options.workDir}: --as-of differs from the earlier scan's (${manifest.asOf}).`, hint)
    }
    // Same credentials' account as before: verified with a call that is not counted, so a resumed
    // scan reports the same API numbers as an uninterrupted one.
    const probe = createSession({ region: options.session.region, credentials: options.session.credentials, counter: new ApiCallCounter(), ...(options.endpoint ? { endpoint: options.endpoint } : {}) })
    const caller = await whoAmI(probe)
    if (caller.accountId !== manifest.caller.accountId) {
      throw new InputError('ScanParametersDiffer', `--resume: the scan in ${options.workDir} was started from account ${manifest.caller.accountId}, these credentials belong to ${caller.accountId}.`, hint)
    }
    organization = JSON.parse(await readFile(workDir.organizationPath, 'utf8')) as OrganizationSlice
  } else {
    if (workDir.hasManifest()) {
      // An interrupted scan is work worth keeping: never thrown away without being asked. A finished
      // one is replaced, so running the same command again (a nightly job) just works.
      if (!workDir.readManifest().collectionFinishedAt) {
        throw new InputError(
          'WorkDirInUse',
          `${options.workDir} holds an interrupted scan (manifest.json without a finish time).`,
          'Continue it with --resume, or delete that directory (or choose another --work-dir) to start over.',
        )
      }
      await workDir.clearFinishedScan()
    }
    const startedAt = new Date()
    const orgCounter = options.session.counter
    const before = orgCounter.copy()
    const caller = await whoAmI(callerSession)
    organization = await collectors.collectOrganization(callerSession)
    const { selected, inactive } = selectAccounts(discoveredAccounts(organization), {
      ...(options.accounts ? { accounts: options.accounts } : {}),
      ...(options.ous ? { ous: options.ous } : {}),
      ...(options.excludeAccounts ? { excludeAccounts: options.excludeAccounts } : {}),
    })
    manifest = {
      format: WORKDIR_FORMAT,
      version: WORKDIR_VERSION,
      tool,
      parameters,
      shardIndex: options.shard?.index ?? 0,
      asOf: (options.asOf ?? startedAt).toISOString(),
      caller: { arn: caller.arn, accountId: caller.accountId },
      partition: caller.partition ?? partitionOfArn(caller.arn),
      startedAt: startedAt.toISOString(),
      organizationApiCalls: orgCounter.since(before).byService(),
      selectedAccounts: selected,
      plan: selected.filter((a) => inShard(a.accountId, options.shard)).map((a) => a.accountId),
      inactiveAccounts: inactive,
    }
    // organization.json first: a manifest on disk promises everything a resume needs.
    await writeJsonAtomic(workDir.organizationPath, organization)
    await workDir.writeManifest(manifest)
  }

  // ---- collect ----
  const byId = new Map(manifest.selectedAccounts.map((a) => [a.accountId, a]))
  const pending = manifest.plan.filter((id) => !workDir.isAccountDone(id))
  const pendingSet = new Set(pending)
  const resumedAccounts = manifest.plan.filter((id) => !pendingSet.has(id))
  emit({ type: 'plan', total: manifest.plan.length, alreadyDone: resumedAccounts.length, regions: options.regions ?? 'per-account' })
  emit({ type: 'phase', phase: 'collect' })

  const cache = new ManagedPolicyCache()
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
  const scanner = new AccountScanner(options, manifest, collectors, limiters, cache)
  await runPool(
    pending,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (accountId) => {
      const started = Date.now()
      emit({ type: 'account-start', accountId })
      const account = await scanner.scan(byId.get(accountId)!)
      const findings = evaluateAccount({ ...lightBase, accounts: [account] }, account, options.ruleSet, { now: new Date(manifest.asOf) }).sort(compareFindings)
      const summary: AccountSummary = {
        accountId,
        regions: account.regions,
        collectedAt: account.collectedAt,
        access: account.access,
        apiCalls: account.apiCalls,
        gaps: gapsOf(account),
        totals: summarizeFindings(findings),
      }
      if (account.name !== undefined) summary.name = account.name
      if (account.ouPath !== undefined) summary.ouPath = account.ouPath
      if (account.tags !== undefined) summary.tags = account.tags
      await workDir.writeAccount(account, findings, summary)
      scannedThisRun.push(accountId)
      emit({ type: 'account-done', accountId, accessible: account.access.kind === 'ok', gaps: summary.gaps, durationMs: Date.now() - started })
    },
    options.signal,
  )
  const done = manifest.plan.filter((id) => workDir.isAccountDone(id)).length
  if (done < manifest.plan.length) throw new ScanInterrupted(done, manifest.plan.length, options.workDir)
  if (!manifest.collectionFinishedAt) {
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
  return { ...result, scannedThisRun, resumedAccounts, workDir: options.workDir }
}

function gapsOf(account: AccountSnapshot): number {
  if (account.access.kind === 'unreadable') return 1
  let gaps = 0
  for (const slice of [...Object.values(account.iam ?? {}), ...Object.values(account.account ?? {})]) if ((slice as { kind?: string }).kind === 'unreadable') gaps++
  for (const region of Object.values(account.regional)) for (const slice of Object.values(region)) if ((slice as { kind?: string }).kind === 'unreadable') gaps++
  return gaps
}

/** Scans one account; never throws except for WriteRefusedError. */
class AccountScanner {
  private readonly home: string
  constructor(
    private readonly options: ScanOrganizationOptions,
    private readonly manifest: Manifest,
    private readonly collectors: ScanCollectors,
    private readonly limiters: ScanLimiters,
    private readonly cache: ManagedPolicyCache,
  ) {
    this.home = options.session.region
  }

  private session(counter: ApiCallCounter, credentials: AwsSession['credentials'], roleArn?: string): AwsSession {
    return createSession({
      region: this.home,
      credentials,
      counter,
      ...(roleArn !== undefined ? { roleArn } : {}),
      ...(this.options.maxAttempts !== undefined ? { maxAttempts: this.options.maxAttempts } : {}),
      ...(this.options.endpoint !== undefined ? { endpoint: this.options.endpoint } : {}),
    })
  }

  /**
   * Credentials inside the account. The audit role is assumed everywhere; in the caller's own
   * account, where that role usually does not exist (OrganizationAccountAccessRole is created in
   * *member* accounts), a failed AssumeRole falls back to the caller's own credentials.
   */
  private async enter(account: DiscoveredAccount, counter: ApiCallCounter): Promise<{ session: AwsSession } | { error: AwsError }> {
    const role = this.options.auditRole ?? {}
    const roleArn = `arn:${this.manifest.partition}:iam::${account.accountId}:role/${role.name ?? DEFAULT_AUDIT_ROLE}`
    // The AssumeRole call is made with the caller's credentials but counted for this account.
    const stsSession = limitSession(this.session(counter, this.options.session.credentials), (service) => this.limiters.forScan(service))
    const sts = stsSession.client('sts')
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
          DurationSeconds: 3600,
          ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
        }),
      )
      stsSession.close()
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) return { error: { code: 'MalformedResponse', message: 'AssumeRole returned no credentials', operation: 'sts:AssumeRole' } }
      const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) }
      return { session: this.session(counter, credentials, roleArn) }
    } catch (err) {
      stsSession.close()
      if (err instanceof WriteRefusedError) throw err
      if (account.accountId === this.manifest.caller.accountId) {
        return { session: this.session(counter, this.options.session.credentials, this.manifest.caller.arn) }
      }
      return { error: toAwsError(err, 'sts:AssumeRole') }
    }
  }

  async scan(account: DiscoveredAccount): Promise<AccountSnapshot> {
    const counter = new ApiCallCounter()
    const base = {
      accountId: account.accountId,
      ...(account.name !== undefined ? { name: account.name } : {}),
      ouPath: account.ouPath,
      tags: account.tags,
    }
    const fallbackRegions = this.options.regions ?? [this.home]
    let session: ClosableSession | undefined
    try {
      const entered = await this.enter(account, counter)
      if ('error' in entered) {
        return { ...base, regions: fallbackRegions, collectedAt: new Date().toISOString(), access: unreadable(entered.error), regional: {}, extra: {}, apiCalls: counter.byService() }
      }
      session = limitSession(entered.session, this.limiters.forAccount(account.accountId))
      const clients = session

      let regions: string[]
      let regionError: AwsError | undefined
      if (this.options.regions) regions = [...this.options.regions]
      else {
        const found = await discoverEnabledRegions(clients.client('ec2'))
        if (found.kind === 'ok') regions = found.value
        else {
          // Without the region list, scan the home region's slot as unreadable: the region checks
          // then report the discovery error instead of silently covering nothing.
          regions = [this.home]
          regionError = found.error
        }
      }

      const regional: Record<string, Record<string, unknown>> = {}
      const [snapshot] = await Promise.all([
        this.collectors.collectAccount({ ...base, session: clients, regions, cache: this.cache }),
        runPool(regions, this.options.regionConcurrency ?? DEFAULT_REGION_CONCURRENCY, async (region) => {
          regional[region] = regionError
            ? unreadableRegion(regionError)
            : await collectRegion({ ec2: clients.client('ec2', region) }, account.accountId, region, this.manifest.partition)
        }),
      ])
      // Regions in a stable order, whatever order they finished in.
      snapshot.regional = { ...snapshot.regional, ...Object.fromEntries(Object.keys(regional).sort().map((r) => [r, { ...(snapshot.regional[r] ?? {}), ...regional[r] }])) }
      // One counter saw everything done for this account (AssumeRole, discovery, IAM, regions).
      snapshot.apiCalls = counter.byService()
      const retries = counter.retriesByService()
      if (Object.keys(retries).length > 0) snapshot.extra = { ...snapshot.extra, apiRetries: retries }
      else if (snapshot.extra && 'apiRetries' in snapshot.extra) delete snapshot.extra.apiRetries
      return snapshot
    } catch (err) {
      if (err instanceof WriteRefusedError) throw err
      const error = toAwsError(err, 'guardrail:scanAccount')
      return { ...base, regions: fallbackRegions, collectedAt: new Date().toISOString(), access: unreadable(error), regional: {}, extra: {}, apiCalls: counter.byService() }
    } finally {
      session?.close()
    }
  }
}

