// Reads the IAM credential report the way AWS documents it: GenerateCredentialReport until its State
// is COMPLETE (polling with backoff), then GetCredentialReport. A report that is not ready before
// the deadline is unreadable with code ReportNotReady — the checks that need it say `error`.
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam'
import { EXIT, GuardrailError } from '../core/errors.js'
import type { AwsSession } from '../aws/session.js'
import type { CredentialReport } from '../snapshot/schema.js'
import { CredentialReportFormatError, parseCredentialReport } from './credential-report.js'
import { errorCode, tagged } from './isolate.js'
import { optionalIsoDate } from './response.js'

export interface CredentialReportPolling {
  /** Give up after this long (ms). Large accounts take tens of seconds to generate. Default 120 s. */
  deadlineMs?: number
  /** First wait between polls (ms), doubling up to maxDelayMs. Default 500 ms. */
  initialDelayMs?: number
  maxDelayMs?: number
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export const DEFAULT_CREDENTIAL_REPORT_DEADLINE_MS = 120_000

export class ReportNotReadyError extends GuardrailError {
  constructor(waitedMs: number) {
    super('ReportNotReady', `The IAM credential report was not ready after ${Math.round(waitedMs / 1000)} s.`, {
      hint: 'Run the scan again in a few minutes, or raise the credential report deadline.',
      exitCode: EXIT.incomplete,
    })
    this.name = 'ReportNotReadyError'
  }
}

// GetCredentialReport errors that mean "not yet": keep polling until the deadline.
const NOT_YET = new Set(['ReportInProgress', 'ReportNotPresent', 'ReportExpired'])

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new CredentialReportFormatError('the report is not valid UTF-8 text')
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function readCredentialReport(session: AwsSession, polling: CredentialReportPolling = {}): Promise<CredentialReport> {
  const iam = session.client('iam')
  const now = polling.now ?? Date.now
  const sleep = polling.sleep ?? defaultSleep
  const deadlineMs = polling.deadlineMs ?? DEFAULT_CREDENTIAL_REPORT_DEADLINE_MS
  const maxDelayMs = polling.maxDelayMs ?? 5_000
  const started = now()
  let delay = polling.initialDelayMs ?? 500

  for (;;) {
    const { State } = await tagged('iam:GenerateCredentialReport', iam.send(new GenerateCredentialReportCommand({})))
    if (State === 'COMPLETE') {
      try {
        const report = await iam.send(new GetCredentialReportCommand({}))
        if (report.ReportFormat !== undefined && report.ReportFormat !== 'text/csv') {
          throw new CredentialReportFormatError(`it came as ${report.ReportFormat}, not text/csv`)
        }
        const csv = decodeUtf8(report.Content ?? new Uint8Array())
        return parseCredentialReport(csv, optionalIsoDate(report.GeneratedTime) ?? new Date(now()).toISOString())
      } catch (err) {
        // Anything else (AccessDenied, a malformed report) fails the slice, attributed to
        // iam:GetCredentialReport by the caller's isolatedRead.
        if (!NOT_YET.has(errorCode(err))) throw err
      }
    }
    const remaining = started + deadlineMs - now()
    if (remaining <= 0) throw new ReportNotReadyError(now() - started)
    await sleep(Math.min(delay, remaining))
    delay = Math.min(delay * 2, maxDelayMs)
  }
}
