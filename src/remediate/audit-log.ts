// The remediation audit log (remediate apply, users apply): JSON lines, appended (never rewritten), one line when an apply run starts,
// one per action with its outcome, one when the run ends. Who (the operator's ARN), when, which plan
// (its hash), which action, which execution, what happened. No credentials, no parameter values
// beyond what the plan already shows.
import { appendFileSync } from 'node:fs'

export type AuditEvent =
  | { event: 'apply-started'; planHash: string; planFile: string; actions: number }
  | {
      event: 'action'
      planHash: string
      actionId: string
      checkId: string
      accountId: string
      region: string
      runbook: string
      findings: string[]
      outcome: ActionOutcome
      executionId?: string
      reason?: string
    }
  | { event: 'apply-finished'; planHash: string; counts: Record<ActionOutcome, number>; interrupted: boolean }
  | {
      event: 'users-sync'
      planHash: string
      accountId: string
      region: string
      outcome: 'succeeded' | 'failed' | 'not-started'
      executionId?: string
      reason?: string
      /** The S3 hand-over of the desired state, when used: where the instances read it, and its SHA-256. */
      desiredState?: { url: string; sha256: string }
      instances: { instanceId: string; status: string; added: number; updated: number; removed: number; failed: number }[]
    }

export type ActionOutcome = 'succeeded' | 'failed' | 'skipped' | 'not-started' | 'in-flight'

export interface AuditLog {
  readonly file: string
  write(entry: AuditEvent): void
}

export function openAuditLog(file: string, operator: string, clock: () => Date = () => new Date()): AuditLog {
  return {
    file,
    write(entry) {
      appendFileSync(file, `${JSON.stringify({ time: clock().toISOString(), operator, ...entry })}\n`, { encoding: 'utf8', mode: 0o600 })
    },
  }
}
