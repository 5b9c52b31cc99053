// Flag validation at the boundary. Commander hands us strings; zod turns them into typed values,
// and a bad value becomes one message naming the flag, the value and what would be accepted.
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import { FAIL_ON_VALUES, REGION_PATTERN } from '../config/schema.js'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/

/** JS Date rolls 2026-02-30 over to March 2; a typo like that must be an error, not another day. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export const asOfFlag = z
  .string()
  .regex(ISO_DATE, 'expected an ISO 8601 date or date-time')
  .transform((s, ctx) => {
    // A bare date means midnight UTC, not local midnight: reports must not depend on the machine's zone.
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)
    if (Number.isNaN(date.getTime()) || !isCalendarDate(s.slice(0, 10))) {
      ctx.addIssue({ code: 'custom', message: 'not a real date' })
      return z.NEVER
    }
    return date
  })

export const failOnFlag = z.enum(FAIL_ON_VALUES, { error: `expected one of ${FAIL_ON_VALUES.join(', ')}` })

export const maxAttemptsFlag = z
  .string()
  .regex(/^\d+$/, 'expected a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'at least 1').max(20, 'at most 20'))

export const regionFlag = z.string().regex(REGION_PATTERN, 'expected an AWS region name such as eu-west-1')

export const regionsFlag = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(z.array(regionFlag).min(1, 'expected at least one region'))

export const nonEmptyFlag = z.string().min(1, 'must not be empty')

/** A comma-separated list flag: `a, b,,c` → ['a', 'b', 'c']. */
export const listFlag = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

/** The hint printed under a bad flag value: an example of a good one. */
const EXAMPLES: Record<string, string> = {
  asOf: '--as-of 2026-01-31 or --as-of 2026-01-31T12:00:00Z',
  failOn: `--fail-on high (one of ${FAIL_ON_VALUES.join(', ')})`,
  maxAttempts: '--max-attempts 5 (1–20)',
  region: '--region eu-west-1',
  regions: '--regions eu-west-1,us-east-1',
  output: '--output snapshot.json',
  outputDir: '--output-dir guardrail-report',
  profile: '--profile audit',
  config: '--config guardrail.config.yaml',
}

export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

/**
 * Validates commander's raw options with `schema`. Fails on the first bad flag with an InputError
 * "--fail-on: "hgh" is not valid: expected one of …" and a hint showing a valid example.
 */
export function parseFlags<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const key = String(issue.path[0] ?? '')
  const value = raw[key]
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  throw new InputError('InvalidFlag', `${flagName(key)}: ${shown} is not valid: ${issue.message}`, EXAMPLES[key] ? `Use e.g. ${EXAMPLES[key]}` : `Run with --help for the accepted values.`)
}
