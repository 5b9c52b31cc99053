// The seam between the CLI and the AWS collection code. Loaded lazily so offline commands
// (evaluate, checks) never load the AWS SDK, and injectable so tests can substitute a collector.
import type { Snapshot } from '../snapshot/schema.js'

// A type-only import: it does not load the collector (or the SDK) at run time.
export type { CollectCurrentAccountOptions } from '../collect/current-account.js'
import type { CollectCurrentAccountOptions } from '../collect/current-account.js'

export type CollectCurrentAccount = (options: CollectCurrentAccountOptions) => Promise<Snapshot>

export interface CliDeps {
  collectCurrentAccount?: CollectCurrentAccount
  /** remediate apply: the terminal confirmation, Ctrl-C, and how often executions are polled (tests set them). */
  remediation?: {
    confirm?(question: string): Promise<boolean>
    interrupt?: AbortSignal
    pollIntervalMs?: number
  }
}

export async function currentAccountCollector(deps: CliDeps): Promise<CollectCurrentAccount> {
  if (deps.collectCurrentAccount) return deps.collectCurrentAccount
  const module = await import('../collect/current-account.js')
  return module.collectCurrentAccount
}
