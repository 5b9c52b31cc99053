// Every read a collector makes is isolated: if it fails, only its own slice becomes `unreadable`
// (with the AWS error code and the operation), and the rest of the account is still collected.
// The one failure that is not isolated is WriteRefusedError: that is a bug in the scan code, and
// hiding it inside a slice would let it ship.
import { GuardrailError, WriteRefusedError } from '../core/errors.js'
import { ok, unreadable, type AwsError, type Readable } from '../snapshot/schema.js'

const MAX_MESSAGE = 1000

/** The most specific code an error carries: AWS's own error code where there is one. */
export function errorCode(err: unknown): string {
  if (err instanceof GuardrailError) return err.code
  if (typeof err === 'object' && err !== null) {
    const e = err as { Code?: unknown; code?: unknown; name?: unknown; $metadata?: unknown }
    // Query-protocol services (IAM, STS) return the wire code in `Code` ('NoSuchEntity'), while the
    // SDK names the modelled exception class ('NoSuchEntityException'); the wire code is what AWS
    // documents and what users search for.
    if (typeof e.Code === 'string' && e.Code !== '') return e.Code
    if (e.$metadata !== undefined && typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name
    // Node network errors: ECONNREFUSED, ETIMEDOUT, … (Node 20 reports a failed dual-stack connect
    // as an AggregateError whose own code is empty and whose parts carry the code).
    if (typeof e.code === 'string' && e.code !== '') return e.code
    const parts = (err as { errors?: unknown }).errors
    if (Array.isArray(parts) && parts.length > 0) return errorCode(parts[0])
    if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name
  }
  return 'UnknownError'
}

export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message
}

/** Error codes of failures that say nothing about the account: the same call may well work later. */
const TRANSIENT_CODES = new Set([
  // network
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ECONNABORTED', 'EPROTO',
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError',
  // throttling beyond retries
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  // AWS side
  'ServiceUnavailable', 'ServiceUnavailableException', 'InternalError', 'InternalFailure', 'InternalServerError', 'InternalServerException', 'InternalException',
])

/**
 * Whether a failure is transient (connection refused or reset, timeout, throttling beyond retries,
 * an HTTP 5xx): an account that failed so was not really scanned, and --resume scans it again.
 * AccessDenied, a role that cannot be assumed, an opt-in region are definitive answers.
 */
export function isTransientFailure(err: unknown): boolean {
  if (TRANSIENT_CODES.has(errorCode(err))) return true
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode
  return typeof status === 'number' && status >= 500
}

export function toAwsError(err: unknown, operation: string): AwsError {
  const error: AwsError = { code: errorCode(err), message: errorMessage(err), operation }
  if (isTransientFailure(err)) error.transient = true
  return error
}

/** Thrown inside a read to attribute the failure to a more precise operation than the slice's. */
export class OperationFailed extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(errorMessage(cause))
    this.name = 'OperationFailed'
  }
}

/**
 * Runs one read; a failure becomes `unreadable` for `operation` ('iam:GetAccountSummary'), or for
 * the operation an OperationFailed names when the read makes several calls.
 */
export async function isolatedRead<T>(operation: string, read: () => Promise<T>): Promise<Readable<T>> {
  try {
    return ok(await read())
  } catch (err) {
    const failedOperation = err instanceof OperationFailed ? err.operation : operation
    const cause = err instanceof OperationFailed ? err.cause : err
    if (cause instanceof WriteRefusedError) throw cause
    return unreadable(toAwsError(cause, failedOperation))
  }
}

/** A guard refusal, bare or wrapped: a bug to surface, never a read failure to record. */
export function isWriteRefused(err: unknown): boolean {
  return err instanceof WriteRefusedError || (err instanceof OperationFailed && err.cause instanceof WriteRefusedError)
}

/** Awaits a call, tagging its failure with the operation name. */
export async function tagged<T>(operation: string, call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (err) {
    throw new OperationFailed(operation, err)
  }
}
