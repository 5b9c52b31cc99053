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
import type { CollectFlags } from './commands/collect-flags.js'
import type { OrgFlags } from './commands/org-flags.js'
import type { CliIo } from './io.js'

export interface OrgScanRequest {
  collect: CollectFlags
  org: OrgFlags
  shard: Shard | undefined
  scan: ScanSettings
  ruleSet: RuleSet
  outputDir: string
  snapshotPath: string
  findingsPath: string
  asOf: Date | undefined
  quiet: boolean
  io: CliIo
}

export function orgScanOptions(req: OrgScanRequest): Omit<ScanOrganizationOptions, 'session'> {
  const options: Omit<ScanOrganizationOptions, 'session'> = {
    ruleSet: req.ruleSet,
    workDir: resolve(req.io.cwd, req.org.workDir ?? join(req.outputDir, 'work')),
    snapshotPath: req.snapshotPath,
    findingsPath: req.findingsPath,
    excludeAccounts: req.org.excludeAccounts ?? req.scan.excludeAccounts,
    auditRole: {
      name: req.org.roleName ?? req.scan.auditRole.name,
      ...((req.org.externalId ?? req.scan.auditRole.externalId) !== undefined ? { externalId: req.org.externalId ?? req.scan.auditRole.externalId } : {}),
      sessionName: req.org.sessionName ?? req.scan.auditRole.sessionName,
    },
    resume: req.org.resume,
  }
  const regions = req.collect.regions ?? req.scan.regions
  if (regions) options.regions = regions
  const accounts = req.org.accounts ?? req.scan.accounts
  if (accounts) options.accounts = accounts
  const ous = req.org.ous ?? req.scan.ous
  if (ous) options.ous = ous
  const concurrency = req.org.concurrency ?? req.scan.concurrency
  if (concurrency !== undefined) options.concurrency = concurrency
  const maxAttempts = req.collect.maxAttempts ?? req.scan.maxAttempts
  if (maxAttempts !== undefined) options.maxAttempts = maxAttempts
  if (req.shard) options.shard = req.shard
  if (req.asOf) options.asOf = req.asOf
  return options
}

export async function runOrgScan(req: OrgScanRequest): Promise<ScanOrganizationResult> {
  const region = req.collect.region ?? (await resolveDefaultRegion(req.collect.profile))
  const counter = new ApiCallCounter()
  const session = createSession({
    region,
    counter,
    ...(req.collect.profile !== undefined ? { profile: req.collect.profile } : {}),
    ...((req.collect.maxAttempts ?? req.scan.maxAttempts) !== undefined ? { maxAttempts: req.collect.maxAttempts ?? req.scan.maxAttempts } : {}),
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
