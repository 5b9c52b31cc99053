// What the organization scan tells the outside world while it runs. The orchestrator only emits
// these; rendering them (progress bar, CI lines, nothing) is the progress reporter's job.

export type ScanPhase = 'discover' | 'collect' | 'organization-checks' | 'assemble' | 'done'

export type ScanEvent =
  | { type: 'phase'; phase: ScanPhase }
  /** total: accounts this run covers; alreadyDone: finished by an earlier, interrupted run (resume). */
  | { type: 'plan'; total: number; alreadyDone: number; regions: readonly string[] | 'per-account' }
  | { type: 'account-start'; accountId: string }
  /** gaps: how many slices could not be read (role not assumable, region failing …). */
  | { type: 'account-done'; accountId: string; accessible: boolean; gaps: number; durationMs: number }
  | { type: 'warning'; message: string }

export type ScanEventListener = (event: ScanEvent) => void
