// One member account of an organization scan: enter it (audit role), run the account pipeline, and
// turn any failure into an account whose access is unreadable with the AWS code — never an exception
// that would stop the other accounts (except WriteRefusedError, a bug that must stop the scan).
import { ApiCallCounter } from '../aws/call-counter.js'
import { collectAccount, type CollectAccountInput } from '../collect/pipeline.js'
import type { CollectorDefinition } from '../collect/registry.js'
import { toAwsError } from '../collect/isolate.js'
import type { ManagedPolicyCache } from '../collect/managed-policy-cache.js'
import { WriteRefusedError } from '../core/errors.js'
import { unreadable, type AccountSnapshot, type AwsError } from '../snapshot/schema.js'
import { enterAccount, type AccountSessionFactory } from './audit-role.js'
import type { DiscoveredAccount } from './filters.js'
import { limitSession, type ClosableSession } from './service-limits.js'

export interface AccountScanSettings {
  sessions: AccountSessionFactory
  /** Regions to scan in every account; default: each account's enabled regions. */
  regions?: readonly string[]
  regionConcurrency?: number
  cache: ManagedPolicyCache
  /** The collectors to run in every account; default: all of the registry's. */
  collectors?: readonly CollectorDefinition[]
  /** The pipeline; injectable so tests can count or break it. */
  collect?: (input: CollectAccountInput) => Promise<AccountSnapshot>
}

function inaccessible(account: DiscoveredAccount, regions: readonly string[], error: AwsError, counter: ApiCallCounter): AccountSnapshot {
  const snapshot: AccountSnapshot = {
    accountId: account.accountId,
    ouPath: account.ouPath,
    tags: account.tags,
    regions: [...regions],
    collectedAt: new Date().toISOString(),
    access: unreadable(error),
    regional: {},
    extra: {},
    apiCalls: counter.byService(),
  }
  if (account.name !== undefined) snapshot.name = account.name
  return snapshot
}

export async function scanAccount(settings: AccountScanSettings, account: DiscoveredAccount): Promise<AccountSnapshot> {
  // One counter sees everything done for this account: AssumeRole, region discovery, collectors.
  const counter = new ApiCallCounter()
  const fallbackRegions = settings.regions ?? [settings.sessions.caller.region]
  let session: ClosableSession | undefined
  try {
    const entered = await enterAccount(settings.sessions, account.accountId, counter)
    if ('error' in entered) return inaccessible(account, fallbackRegions, entered.error, counter)
    session = limitSession(entered.session, settings.sessions.limiters.forAccount(account.accountId))
    const snapshot = await (settings.collect ?? collectAccount)({
      accountId: account.accountId,
      ...(account.name !== undefined ? { name: account.name } : {}),
      ouPath: account.ouPath,
      tags: account.tags,
      session,
      partition: settings.sessions.partition,
      ...(settings.regions !== undefined ? { regions: settings.regions } : {}),
      ...(settings.regionConcurrency !== undefined ? { regionConcurrency: settings.regionConcurrency } : {}),
      cache: settings.cache,
      ...(settings.collectors !== undefined ? { collectors: settings.collectors } : {}),
    })
    // The pipeline counted from its start; the account's calls include the role assumption too.
    snapshot.apiCalls = counter.byService()
    const retries = counter.retriesByService()
    if (Object.keys(retries).length > 0) snapshot.extra = { ...snapshot.extra, apiRetries: retries }
    else delete snapshot.extra.apiRetries
    return snapshot
  } catch (err) {
    if (err instanceof WriteRefusedError) throw err
    return inaccessible(account, fallbackRegions, toAwsError(err, 'guardrail:scanAccount'), counter)
  } finally {
    session?.close()
  }
}
