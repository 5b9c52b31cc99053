// The organization path of `scan --org` and `collect --org`: builds the caller's session and the
// orchestrator's options from flags + config, shows progress, and turns Ctrl-C into a clean stop
// that --resume can continue. The orchestrator writes snapshot.json and findings.json by streaming.
import { join, resolve } from 'node:path'
import { ApiCallCounter } from '../aws/call-counter.js'
import { createSession, resolveDefaultRegion } from '../aws/session.js'
import type { ScanSettings } from '../config/schema.js'
import { createProgressReporter } from '../orchestrate/progress.js'
import { scanOrganization, type ScanOrganizationOptions, type ScanOrganizationResult } from '../orchestrate/scan-organization.js'
import type { Shard } from '../orchestrate/shard.js'
import type { RuleSet } from '../rules/load.js'
import type { CollectorDefinition } from '../collect/registry.js'
import type { CollectFlags } from './commands/collect-flags.js'
import type { OrgFlags } from './commands/org-flags.js'
import type { CliIo } from './io.js'
import { flagOverConfig } from './precedence.js'

export interface OrgScanRequest {
  collect: CollectFlags
  org: OrgFlags
  shard: Shard | undefined
  scan: ScanSettings
  ruleSet: RuleSet
  /** Only these collectors in every account (scan narrowed to some checks); default all. */
  collectors?: readonly CollectorDefinition[] | undefined
  outputDir: string
  snapshotPath: string
  findingsPath: string
  asOf: Date | undefined
  quiet: boolean
  io: CliIo
}

export function orgScanOptions(req: OrgScanRequest): Omit<ScanOrganizationOptions, 'session'> {
  const externalId = flagOverConfig(req.org.externalId, req.scan.auditRole.externalId)
  const options: Omit<ScanOrganizationOptions, 'session'> = {
    ruleSet: req.ruleSet,
    workDir: resolve(req.io.cwd, req.org.workDir ?? join(req.outputDir, 'work')),
    snapshotPath: req.snapshotPath,
    findingsPath: req.findingsPath,
    excludeAccounts: flagOverConfig(req.org.excludeAccounts, req.scan.excludeAccounts, []),
    auditRole: {
      name: flagOverConfig(req.org.roleName, req.scan.auditRole.name),
      ...(externalId !== undefined ? { externalId } : {}),
      sessionName: flagOverConfig(req.org.sessionName, req.scan.auditRole.sessionName),
    },
    resume: req.org.resume,
  }
  const regions = flagOverConfig(req.collect.regions, req.scan.regions)
  if (regions) options.regions = regions
  const accounts = flagOverConfig(req.org.accounts, req.scan.accounts)
  if (accounts) options.accounts = accounts
  const ous = flagOverConfig(req.org.ous, req.scan.ous)
  if (ous) options.ous = ous
  const concurrency = flagOverConfig(req.org.concurrency, req.scan.concurrency)
  if (concurrency !== undefined) options.concurrency = concurrency
  const maxAttempts = flagOverConfig(req.collect.maxAttempts, req.scan.maxAttempts)
  if (maxAttempts !== undefined) options.maxAttempts = maxAttempts
  if (req.shard) options.shard = req.shard
  if (req.asOf) options.asOf = req.asOf
  if (req.collectors) options.accountCollectors = req.collectors
  return options
}

export async function runOrgScan(req: OrgScanRequest): Promise<ScanOrganizationResult> {
  const region = req.collect.region ?? (await resolveDefaultRegion(req.collect.profile))
  const maxAttempts = flagOverConfig(req.collect.maxAttempts, req.scan.maxAttempts)
  const counter = new ApiCallCounter()
  const session = createSession({
    region,
    counter,
    ...(req.collect.profile !== undefined ? { profile: req.collect.profile } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  })
  const progress = createProgressReporter({ mode: req.quiet ? 'quiet' : 'auto' })
  const abort = new AbortController()
  const onSignal = () => abort.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    // Ctrl-C stops starting accounts; the scan then throws ScanInterrupted (exit 3, "use --resume").
    return await scanOrganization({ ...orgScanOptions(req), session, signal: abort.signal, onEvent: progress.onEvent })
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    progress.close()
  }
}

function listIds(ids: readonly string[], max = 5): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} … and ${ids.length - max} more`
}

/**
 * What an organization scan could not cover, said plainly after the summary table: accounts that
 * could not be scanned at all, accounts to retry (transient failures), ids Organizations listed that
 * are not account ids. Empty when there is nothing to say.
 */
export function renderScanGaps(result: Pick<ScanOrganizationResult, 'accounts' | 'inaccessibleAccounts' | 'retryableAccounts' | 'rejectedAccounts'>): string {
  const lines: string[] = []
  if (result.inaccessibleAccounts.length > 0) {
    lines.push(`WARNING: ${result.inaccessibleAccounts.length} of ${result.accounts} account(s) could not be scanned at all: ${listIds(result.inaccessibleAccounts)} (their checks are errors; see coverage.errors in findings.json).`)
  }
  if (result.retryableAccounts.length > 0) {
    lines.push(`WARNING: ${result.retryableAccounts.length} account(s) failed for a reason that may pass (network, throttling, AWS 5xx): ${listIds(result.retryableAccounts)}. Run the same command with --resume to scan just those again.`)
  }
  if (result.rejectedAccounts.length > 0) {
    lines.push(`WARNING: Organizations listed ${result.rejectedAccounts.length} account(s) whose id is not a 12-digit account id; they were not scanned: ${listIds(result.rejectedAccounts.map((r) => r.id))}.`)
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
