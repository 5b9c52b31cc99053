// Following one SSM Automation execution until it ends, for every command that starts one (remediate
// apply, users apply): poll GetAutomationExecution; stop polling — never the execution — on Ctrl-C or
// after the longest wait, saying which.
import { GetAutomationExecutionCommand, type SSMClient } from '@aws-sdk/client-ssm'

const SUCCEEDED = new Set(['Success', 'CompletedWithSuccess'])
const FAILED = new Set(['Failed', 'TimedOut', 'Cancelled', 'CompletedWithFailure', 'Rejected', 'Exited', 'ChangeCalendarOverrideRejected'])

export type ExecutionEnd =
  | { ended: true; succeeded: boolean; status: string; failureMessage?: string; outputs: Record<string, string[]> }
  | { ended: false; status: string; why: 'interrupted' | 'timeout' }

export interface WaitOptions {
  signal: AbortSignal
  sleep(ms: number): Promise<void>
  now(): number
  pollIntervalMs: number
  maxWaitMs: number
}

export async function waitForExecution(ssm: SSMClient, executionId: string, w: WaitOptions): Promise<ExecutionEnd> {
  const deadline = w.now() + w.maxWaitMs
  for (;;) {
    const e = (await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }))).AutomationExecution
    const status = e?.AutomationExecutionStatus ?? 'Unknown'
    if (SUCCEEDED.has(status) || FAILED.has(status)) {
      return { ended: true, succeeded: SUCCEEDED.has(status), status, ...(e?.FailureMessage ? { failureMessage: e.FailureMessage } : {}), outputs: e?.Outputs ?? {} }
    }
    if (w.signal.aborted) return { ended: false, status, why: 'interrupted' }
    if (w.now() >= deadline) return { ended: false, status, why: 'timeout' }
    await w.sleep(w.pollIntervalMs)
  }
}
