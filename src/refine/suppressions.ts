// Loads a suppressions file (--suppressions <file>): YAML through readYamlFile (size cap, YAML
// errors, duplicate keys), then the strict schema of src/refine/suppressions-schema.ts, then the one
// rule only the caller can check: an exact check id (no wildcard) must name a known check — a typo
// there would otherwise mute nothing and only surface later as "unused". Globs that match no check
// are accepted (they show as unused in the report).
//
// Every problem is an InputError (exit 2) naming the file, the entry (1-based, as in the report's
// 'entry <n>', with its id when it has a valid one) and the field, all problems at once, capped:
//
//   suppressions.yaml is not a valid suppressions file:
//     - entry 2 (legacy-bastion), acounts: unknown key; did you mean "accounts"?
//     - entry 3, expires: a real calendar date written YYYY-MM-DD
//
// An empty file means no suppressions (like an empty config). Loading reads no clock: whether an
// entry has expired is decided against the report's as-of when it is applied (suppress.ts).
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import { neutralizeControl } from '../core/terminal-text.js'
import { MAX_ISSUES_REPORTED, problemList } from '../core/zod-format.js'
import { readYamlFile } from '../rules/load.js'
import { closeMatches } from '../core/suggest.js'
import { hasWildcard } from '../core/glob.js'
import { SUPPRESSION_ENTRY_KEYS, SUPPRESSION_ID_PATTERN, suppressionsFileSchema, type SuppressionEntry } from './suppressions-schema.js'

export const SUPPRESSIONS_WHAT = 'suppressions file'

/** One problem: where (path inside the file) and what. */
interface Problem {
  path: readonly PropertyKey[]
  message: string
}

const PLAIN_KEY = /^[\w$@/:.+-]+$/

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/** A key as the user wrote it: plain names bare, anything else quoted and escaped (no terminal tricks). */
function showKey(key: PropertyKey): string {
  if (typeof key === 'number') return String(key)
  const text = String(key)
  return PLAIN_KEY.test(text) ? clip(text) : neutralizeControl(JSON.stringify(clip(text)))
}

/** "entry 3 (legacy-bastion), checks.0" for paths under suppressions[2]; the dotted path otherwise. */
function describePath(path: readonly PropertyKey[], raw: unknown): string {
  if (path[0] === 'suppressions' && typeof path[1] === 'number') {
    const index = path[1]
    const id = entryIdOf(raw, index)
    const entry = `entry ${index + 1}${id !== undefined ? ` (${id})` : ''}`
    const rest = path.slice(2)
    return rest.length > 0 ? `${entry}, ${rest.map(showKey).join('.')}` : entry
  }
  return path.length > 0 ? path.map(showKey).join('.') : '(top level)'
}

/** The entry's id as written, only when it is a valid id (so it is safe and short to print). */
function entryIdOf(raw: unknown, index: number): string | undefined {
  const list = (raw as { suppressions?: unknown } | null)?.suppressions
  const entry = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined
  const id = entry !== null && typeof entry === 'object' ? entry.id : undefined
  return typeof id === 'string' && SUPPRESSION_ID_PATTERN.test(id) ? id : undefined
}

function didYouMean(input: string, candidates: readonly string[]): string {
  const close = closeMatches(input, candidates)
  return close.length > 0 ? `; did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''
}

/** zod issues as problems; an unrecognized-keys issue becomes one problem per key, with a suggestion. */
function problemsOf(error: z.ZodError): Problem[] {
  const problems: Problem[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = issue.path.length === 0 ? ['suppressions'] : SUPPRESSION_ENTRY_KEYS
      for (const key of issue.keys) problems.push({ path: [...issue.path, key], message: `unknown key${didYouMean(key, known)}` })
      if (problems.length > MAX_ISSUES_REPORTED) break
    } else {
      problems.push({ path: issue.path, message: issue.message.replace(/\s*\n\s*/g, ' ') })
    }
  }
  return problems
}

/** The entry a problem is in (problems outside any entry first), so the list reads entry by entry. */
const entryIndex = (p: Problem) => (p.path[0] === 'suppressions' && typeof p.path[1] === 'number' ? p.path[1] : -1)

function invalidFile(file: string, unsorted: readonly Problem[], raw: unknown): InputError {
  const problems = [...unsorted].sort((a, b) => entryIndex(a) - entryIndex(b)) // stable: file order within an entry
  return new InputError(
    'InvalidSuppressions',
    `${neutralizeControl(file)} is not a valid ${SUPPRESSIONS_WHAT}:\n${problemList(problems, (p) => `${describePath(p.path, raw)}: ${neutralizeControl(clip(p.message, 300))}`)}`,
    `Fix the entries named above (entries count from 1, in file order). The JSON Schema for editors is schema/suppressions.schema.json.`,
  )
}

/** Exact check ids that name no known check: typos, reported with the closest known ids. */
function unknownCheckProblems(entries: readonly SuppressionEntry[], knownCheckIds: readonly string[]): Problem[] {
  const known = new Set(knownCheckIds)
  const problems: Problem[] = []
  entries.forEach((entry, index) => {
    entry.checks?.forEach((pattern, j) => {
      if (hasWildcard(pattern) || known.has(pattern)) return
      const hint = didYouMean(pattern, knownCheckIds) || ' (`guardrail checks` lists them; use a glob such as iam.* for a group)'
      problems.push({ path: ['suppressions', index, 'checks', j], message: `no check has the id ${JSON.stringify(clip(pattern))}${hint}` })
    })
  })
  return problems
}

/**
 * A YAML 1.1 document (`%YAML 1.1`) turns an unquoted 2027-03-31 into a timestamp; read a midnight
 * UTC timestamp back as the date the user wrote, so the file means the same in either YAML version.
 */
function datesAsWritten(raw: unknown): unknown {
  const list = (raw as { suppressions?: unknown } | null)?.suppressions
  if (!Array.isArray(list)) return raw
  for (const entry of list) {
    if (entry !== null && typeof entry === 'object' && (entry as { expires?: unknown }).expires instanceof Date) {
      const date = (entry as { expires: Date }).expires
      const iso = Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString()
      ;(entry as { expires: string }).expires = iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
    }
  }
  return raw
}

/**
 * The entries of a suppressions file, validated. `knownCheckIds`: every check id guardrail has
 * (enabled or not), so an exact id in `checks` that is none of them is rejected as a typo.
 */
export function loadSuppressions(file: string, knownCheckIds: readonly string[]): SuppressionEntry[] {
  const raw = datesAsWritten(readYamlFile(file, z.unknown(), SUPPRESSIONS_WHAT))
  if (raw === null || raw === undefined) return []
  return parseSuppressions(raw, file, knownCheckIds)
}

/** loadSuppressions without the file reading: `raw` is the parsed YAML/JSON document. */
export function parseSuppressions(raw: unknown, file: string, knownCheckIds: readonly string[]): SuppressionEntry[] {
  const parsed = suppressionsFileSchema.safeParse(raw)
  if (!parsed.success) throw invalidFile(file, problemsOf(parsed.error), raw)
  const unknown = unknownCheckProblems(parsed.data.suppressions, knownCheckIds)
  if (unknown.length > 0) throw invalidFile(file, unknown, raw)
  return parsed.data.suppressions
}
