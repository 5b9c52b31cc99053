import type { z } from 'zod'
import { neutralizeControl } from './terminal-text.js'

/** Problems listed in one message; the rest are counted ("… and 41 more problems"). */
export const MAX_ISSUES_REPORTED = 20
/** Unknown keys named per problem; the rest are counted. */
export const MAX_KEYS_REPORTED = 10
const MAX_SEGMENT = 80
const MAX_MESSAGE = 300

const PLAIN_SEGMENT = /^[\w$@/:.+-]+$/

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/**
 * One path segment or key as the user wrote it: plain names as they are, anything else (spaces,
 * newlines, control characters, empty) quoted and escaped, so a hostile key can neither forge
 * extra lines nor drive the terminal.
 */
function showKey(key: PropertyKey): string {
  if (typeof key === 'number') return String(key)
  const text = String(key)
  return PLAIN_SEGMENT.test(text) ? clip(text, MAX_SEGMENT) : quote(text)
}

function quote(key: string): string {
  return neutralizeControl(JSON.stringify(clip(key, MAX_SEGMENT)))
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    // zod's own message lists every key: 40,000 unknown keys would be one 40,000-key line.
    const keys = issue.keys.slice(0, MAX_KEYS_REPORTED).map((k) => quote(k))
    const more = issue.keys.length > MAX_KEYS_REPORTED ? ` and ${issue.keys.length - MAX_KEYS_REPORTED} more` : ''
    return `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${keys.join(', ')}${more}`
  }
  return neutralizeControl(clip(issue.message.replace(/\s*\n\s*/g, ' '), MAX_MESSAGE))
}

/**
 * One line per problem, each naming the field path: "  - checks.iam.root-mfa.severity: Invalid option …".
 * At most MAX_ISSUES_REPORTED lines, then "  … and N more problems"; the work done is bounded by
 * what is printed, whatever the number of issues or unknown keys.
 */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return problemList(error.issues, (issue) => {
    const path = [...(prefix ? [prefix] : []), ...issue.path.map((p) => showKey(p))].join('.')
    return `${path || '(top level)'}: ${describe(issue)}`
  })
}

/**
 * The one shape of a list of problems in an error message: "  - <problem>" per line, at most
 * MAX_ISSUES_REPORTED of them (only those are described), then "  … and N more problems".
 */
export function problemList<T>(problems: readonly T[], describeOne: (problem: T) => string): string {
  const lines = problems.slice(0, MAX_ISSUES_REPORTED).map((p) => `  - ${describeOne(p)}`)
  const rest = problems.length - MAX_ISSUES_REPORTED
  if (rest > 0) lines.push(`  … and ${rest} more problem${rest === 1 ? '' : 's'}`)
  return lines.join('\n')
}
