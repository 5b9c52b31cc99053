// The account pipeline: everything collected for one account, from a session that already acts
// inside it (the caller's own credentials, or the audit role assumed in a member account). Both
// `guardrail scan` (one account) and the organization scan call this, so a slice collected in one is
// collected in the other.
//
//   regions   the given ones, or the account's enabled regions (ec2:DescribeRegions); regions the
//             account has not opted in to are skipped either way, and recorded as skipped
//   global    every global collector of the registry, side by side
//   regional  every regional collector in every region, regions bounded by regionConcurrency
//
// Nothing here throws for an AWS failure: a failed read is an unreadable slice carrying the AWS code,
// and a failed region discovery makes every regional slice of the home region unreadable with that
// code (so region checks report it instead of silently covering nothing).
import type { AwsSession } from '../aws/session.js'
import { runPool } from '../orchestrate/pool.js'
import { ok, unreadable, type AccountSnapshot, type AwsError, type RegionSlices } from '../snapshot/schema.js'
import { globalSlicePath } from '../snapshot/catalogue.js'
import type { Readable } from '../snapshot/readable.js'
import { COLLECTORS, type CollectorDefinition, type CollectorOptions } from './registry.js'
import type { ManagedPolicyCache } from './managed-policy-cache.js'
import { NOT_OPTED_IN, discoverRegions } from './regions.js'

export const DEFAULT_REGION_CONCURRENCY = 4

export interface AccountIdentity {
  accountId: string
  name?: string
  ouPath?: { id: string; name: string }[]
  tags?: Record<string, string>
}

export interface CollectAccountInput extends AccountIdentity {
  /** Acts inside the account; its counter sees every call made for the account. */
  session: AwsSession
  partition: string
  /** Regions to scan; default: the account's enabled regions. */
  regions?: readonly string[]
  /** Regions collected at the same time; default 4. */
  regionConcurrency?: number
  /** Scan-wide cache of AWS-managed policy documents. */
  cache: ManagedPolicyCache
  options?: CollectorOptions
  /** The collectors to run; default: the registry's. */
  collectors?: readonly CollectorDefinition[]
}

type SliceMap = Record<string, Readable<unknown>>

async function runCollector(collector: CollectorDefinition, input: CollectAccountInput, region: string): Promise<SliceMap> {
  const slices = (await collector.collect({
    accountId: input.accountId,
    partition: input.partition,
    region,
    session: input.session,
    cache: input.cache,
    options: input.options ?? {},
  })) as SliceMap
  // A collector returns every slice it declares: absent would read as "not collected".
  const returned = Object.keys(slices).sort().join(',')
  if (returned !== [...collector.slices].sort().join(',')) {
    throw new Error(`collector ${collector.id} returned slices [${returned}] but declares [${collector.slices.join(',')}]`)
  }
  return slices
}

function unreadableSlices(collectors: readonly CollectorDefinition[], error: AwsError): SliceMap {
  return Object.fromEntries(collectors.flatMap((c) => c.slices.map((key) => [key, unreadable(error)])))
}

interface RegionPlan {
  regions: string[]
  skipped: { region: string; reason: string }[]
  error?: AwsError
}

async function scanRegions(input: CollectAccountInput): Promise<RegionPlan> {
  const found = await discoverRegions(input.session.client('ec2'))
  if (input.regions) {
    // Named regions are scanned as named unless the account is known not to have opted in to one;
    // if discovery itself failed they are scanned anyway (each read then says what happened).
    const optedOut = new Set(found.kind === 'ok' ? found.value.optedOut : [])
    return {
      regions: input.regions.filter((r) => !optedOut.has(r)),
      skipped: input.regions.filter((r) => optedOut.has(r)).map((region) => ({ region, reason: NOT_OPTED_IN })),
    }
  }
  if (found.kind === 'ok') return { regions: found.value.enabled, skipped: found.value.optedOut.map((region) => ({ region, reason: NOT_OPTED_IN })) }
  return { regions: [input.session.region], skipped: [], error: found.error }
}

export async function collectAccount(input: CollectAccountInput): Promise<AccountSnapshot> {
  const collectedAt = new Date().toISOString()
  const counter = input.session.counter
  // Count only what this account's collection does, even if the session was used before (STS).
  const before = counter.copy()
  const collectors = input.collectors ?? COLLECTORS
  const globalCollectors = collectors.filter((c) => c.scope === 'global')
  const regionalCollectors = collectors.filter((c) => c.scope === 'regional')

  const { regions, skipped, error: regionError } = await scanRegions(input)

  const regional: Record<string, SliceMap> = {}
  const [globalResults] = await Promise.all([
    Promise.all(globalCollectors.map((c) => runCollector(c, input, input.session.region))),
    runPool(regions, input.regionConcurrency ?? DEFAULT_REGION_CONCURRENCY, async (region) => {
      if (regionError) {
        regional[region] = unreadableSlices(regionalCollectors, regionError)
        return
      }
      const results = await Promise.all(regionalCollectors.map((c) => runCollector(c, input, region)))
      regional[region] = Object.assign({}, ...results) as SliceMap
    }),
  ])

  const snapshot: AccountSnapshot = {
    accountId: input.accountId,
    regions,
    collectedAt,
    access: ok(input.session.roleArn !== undefined ? { roleArn: input.session.roleArn } : {}),
    // Regions in a stable order, whatever order they finished in.
    regional: Object.fromEntries(Object.keys(regional).sort().map((r) => [r, regional[r] as RegionSlices])),
    extra: {},
    apiCalls: {},
  }
  const groups = snapshot as unknown as Record<string, Record<string, Readable<unknown>>>
  for (const slices of globalResults) {
    for (const [key, slice] of Object.entries(slices)) {
      const [group, name] = globalSlicePath(key)
      ;(groups[group] ??= {})[name] = slice
    }
  }
  if (skipped.length > 0) snapshot.skippedRegions = skipped
  if (input.name !== undefined) snapshot.name = input.name
  if (input.ouPath !== undefined) snapshot.ouPath = input.ouPath
  if (input.tags !== undefined) snapshot.tags = input.tags
  const calls = counter.since(before)
  snapshot.apiCalls = calls.byService()
  // Retries are evidence of throttling: worth keeping with the scan, absent when there were none.
  const retries = calls.retriesByService()
  if (Object.keys(retries).length > 0) snapshot.extra.apiRetries = retries
  return snapshot
}
