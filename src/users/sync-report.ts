// The sync script's JSON report (the last line it prints), summarised the same way wherever it is
// read: by `users apply` from the Run Command it started, and by the scan's collector from the last
// run on each instance (linux.users-in-sync).
export interface SyncSummary {
  ok: boolean
  added: string[]
  updated: string[]
  removed: string[]
  failed: string[]
  conflicts: string[]
  /** Why the script refused to change anything (empty state, deletion cap). */
  refused?: string
  /** Why it could not run (bad desired state, lock held, no python3). */
  error?: string
}

export function parseSyncReport(output: string): SyncSummary | undefined {
  let report: { results?: { user: string; action: string; status: string }[]; conflicts?: { user: string }[]; refused?: string; error?: string }
  try {
    report = JSON.parse(output.trim().split('\n').pop() ?? '') as typeof report
  } catch {
    return undefined
  }
  if (report === null || typeof report !== 'object') return undefined
  const results = Array.isArray(report.results) ? report.results : []
  const summary: SyncSummary = {
    ok: !report.refused && !report.error && results.every((r) => r.status === 'ok'),
    added: results.filter((r) => r.action === 'added' && r.status === 'ok').map((r) => String(r.user)),
    updated: results.filter((r) => r.action === 'updated' && r.status === 'ok').map((r) => String(r.user)),
    removed: results.filter((r) => r.action === 'removed' && r.status === 'ok').map((r) => String(r.user)),
    failed: results.filter((r) => r.status === 'failed').map((r) => String(r.user)),
    conflicts: (Array.isArray(report.conflicts) ? report.conflicts : []).map((c) => String(c.user)),
  }
  if (typeof report.refused === 'string') summary.refused = report.refused
  if (typeof report.error === 'string') summary.error = report.error
  return summary
}
