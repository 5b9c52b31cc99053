// The seam between the CLI and the AWS collection code. Loaded lazily so offline commands
// (evaluate, checks) never load the AWS SDK, and injectable so tests can substitute a collector.
import type { Snapshot } from '../snapshot/schema.js'

export interface CollectCurrentAccountOptions {
  profile?: string
  region?: string
  regions?: string[]
  maxAttempts?: number
  credentialReportDeadlineMs?: number
  toolVersion: string
}

export type CollectCurrentAccount = (options: CollectCurrentAccountOptions) => Promise<Snapshot>

export interface CliDeps {
  collectCurrentAccount?: CollectCurrentAccount
}

export async function currentAccountCollector(deps: CliDeps): Promise<CollectCurrentAccount> {
  if (deps.collectCurrentAccount) return deps.collectCurrentAccount
  const module = await import('../collect/current-account.js')
  return module.collectCurrentAccount
}
