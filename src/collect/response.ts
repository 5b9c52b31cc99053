// Small helpers for turning SDK responses (where every field is optional) into the Snapshot's
// required fields, failing with a clear error instead of storing `undefined`.
import { EXIT, GuardrailError } from '../core/errors.js'

export class MalformedResponseError extends GuardrailError {
  constructor(operation: string, problem: string) {
    super('MalformedResponse', `${operation} returned an unexpected response: ${problem}.`, {
      hint: 'This is unexpected from AWS; if it persists, report it with the operation name.',
      exitCode: EXIT.incomplete,
    })
    this.name = 'MalformedResponseError'
  }
}

export function required<T>(value: T | undefined | null, what: string, operation: string): T {
  if (value === undefined || value === null) throw new MalformedResponseError(operation, `${what} is missing`)
  return value
}

/** SDK dates arrive as Date objects; the Snapshot stores ISO 8601 strings. */
export function isoDate(value: Date | string | undefined, what: string, operation: string): string {
  const date = required(value, what, operation)
  const d = date instanceof Date ? date : new Date(date)
  if (Number.isNaN(d.getTime())) throw new MalformedResponseError(operation, `${what} is not a valid date`)
  return d.toISOString()
}

export function optionalIsoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}
