// Typed errors that carry an exit code and a hint, so the CLI boundary can print one clear
// message ("what is wrong" + "how to fix it") instead of a stack trace.

export const EXIT = {
  ok: 0,
  findings: 1,
  badInput: 2,
  incomplete: 3,
  internal: 70,
  /** remediate apply stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const

export class GuardrailError extends Error {
  readonly code: string
  readonly hint: string | undefined
  readonly exitCode: number

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GuardrailError'
    this.code = code
    this.hint = options.hint
    this.exitCode = options.exitCode ?? EXIT.badInput
  }
}

/** Bad user input: a file, a flag, a config value. Always exit code 2. */
export class InputError extends GuardrailError {
  constructor(code: string, message: string, hint?: string, cause?: unknown) {
    super(code, message, { hint, exitCode: EXIT.badInput, cause })
    this.name = 'InputError'
  }
}

/** Raised by the read-only guard when scan-path code tries an operation that is not a registered read. */
export class WriteRefusedError extends GuardrailError {
  constructor(service: string, operation: string) {
    super(
      'WriteRefused',
      `Refused ${service}:${operation}: the scan path may only call registered read operations.`,
      { hint: 'If this is a new read API, add it to src/aws/read-operations.ts.', exitCode: EXIT.internal },
    )
    this.name = 'WriteRefusedError'
  }
}
