// Three-valued evaluation of IAM policy conditions for SCP analysis. A scan knows only a few facts
// about "a request in account X" (the account id, the organization id, and — when the question is
// about one principal — its ARN). A condition on anything else (region, tags, source IP, MFA …)
// cannot be decided from the snapshot, so it evaluates to 'unknown' and the caller reports the
// verdict as conditional instead of guessing in either direction.
import type { ConditionEntry } from '../policy/document.js'

export type Tri = 'true' | 'false' | 'unknown'

/** Known request context: condition key (any case) → its single value. */
export type RequestContext = Record<string, string>

export function normaliseContext(context: RequestContext): Map<string, string> {
  return new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]))
}

/**
 * What a caller knows beyond the values in the context. Both are opt-in, so callers that pass only a
 * context keep the original reading: an absent key is unknown, a policy variable is undecidable.
 */
export interface KnownContext {
  /**
   * Key prefixes (any case) whose keys are all in the context, e.g. 'aws:ResourceTag/' when every tag
   * of the resource is known: a key under one of them that is absent from the context is known to be
   * absent (the instance has no tag 'env'), instead of unknown.
   */
  complete?: readonly string[]
  /** Substitute `${key}` policy variables with the key's value from the context when it is there. */
  resolveVariables?: boolean
}

function parseOperator(operator: string): { base: string; set?: 'any' | 'all'; ifExists: boolean } {
  // ForAnyValue:/ForAllValues: qualify multi-valued keys; every key this module knows is
  // single-valued, for which both qualifiers reduce to the plain operator when the key is present.
  const qualifier = /^(ForAnyValue|ForAllValues):/i.exec(operator)?.[1]?.toLowerCase()
  let op = operator.slice(qualifier ? qualifier.length + 1 : 0)
  const ifExists = /IfExists$/i.test(op)
  if (ifExists) op = op.slice(0, -'IfExists'.length)
  return { base: op.toLowerCase(), ifExists, ...(qualifier ? { set: qualifier === 'forallvalues' ? ('all' as const) : ('any' as const) } : {}) }
}

/** Is the key absent from the context and under a prefix whose keys are all known? */
function isKnownAbsent(key: string, context: Map<string, string>, complete: readonly string[] | undefined): boolean {
  const lower = key.toLowerCase()
  return !context.has(lower) && (complete ?? []).some((prefix) => lower.startsWith(prefix.toLowerCase()))
}

/**
 * `${key}` policy variables replaced by the key's value, or undefined when one cannot be: the key is
 * not in the context, or the variable is a special character (`${*}`, `${?}`, `${$}`, which stand for
 * literal characters a glob here cannot express) or has a default value (`${key, 'default'}`).
 */
export function resolvePolicyVariables(text: string, context: Map<string, string>): string | undefined {
  let unresolved = false
  const out = text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const value = /^[\w:/.-]+$/.test(name) ? context.get(name.toLowerCase()) : undefined
    // A value with a wildcard character would turn into a pattern in StringLike/ArnLike: not decided here.
    if (value === undefined || /[*?]/.test(value)) unresolved = true
    return value ?? ''
  })
  return unresolved ? undefined : out
}

/** Glob with `*` (any run) and `?` (one character), anchored, built on an escaped pattern. */
export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's').test(text)
}

/** ArnLike compares the six colon-separated ARN parts one by one; the last part may contain colons. */
export function arnMatches(pattern: string, arn: string): boolean {
  const split = (s: string) => {
    const parts = s.split(':')
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')]
  }
  const p = split(pattern)
  const a = split(arn)
  if (!p || !a) return false
  return p.every((part, i) => globMatch(part, a[i]!))
}

const hasPolicyVariable = (values: string[]) => values.some((v) => v.includes('${'))

/** Positive form of each supported operator, and whether the operator negates it. */
const OPERATORS: Record<string, { negated: boolean; test: (pattern: string, value: string) => boolean }> = {
  stringequals: { negated: false, test: (p, v) => p === v },
  stringnotequals: { negated: true, test: (p, v) => p === v },
  stringequalsignorecase: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringnotequalsignorecase: { negated: true, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringlike: { negated: false, test: (p, v) => globMatch(p, v) },
  stringnotlike: { negated: true, test: (p, v) => globMatch(p, v) },
  // ArnEquals and ArnLike behave identically in IAM (both accept wildcards).
  arnequals: { negated: false, test: arnMatches },
  arnlike: { negated: false, test: arnMatches },
  arnnotequals: { negated: true, test: arnMatches },
  arnnotlike: { negated: true, test: arnMatches },
  bool: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
}

export function isNegatedOperator(operator: string): boolean {
  return OPERATORS[parseOperator(operator).base]?.negated ?? false
}

export function isPrincipalArnKey(key: string): boolean {
  return key.toLowerCase() === 'aws:principalarn'
}

/**
 * A condition on a key known to be absent, as AWS documents it: …IfExists holds, ForAllValues holds
 * (vacuously), ForAnyValue does not, Null "true" holds, a negated operator (StringNotEquals, ArnNotLike,
 * …) holds and a positive one does not.
 */
function absentKeyResult(entry: ConditionEntry, parsed: ReturnType<typeof parseOperator>): Tri {
  if (parsed.base === 'null') {
    if (entry.values.some((v) => v.toLowerCase() === 'true')) return 'true'
    return entry.values.some((v) => v.toLowerCase() === 'false') ? 'false' : 'unknown'
  }
  if (parsed.ifExists || parsed.set === 'all') return 'true'
  if (parsed.set === 'any') return 'false'
  const op = OPERATORS[parsed.base]
  if (!op) return 'unknown'
  return op.negated ? 'true' : 'false'
}

/** One condition entry (operator + key + values) against what is known of the request. */
export function evaluateConditionEntry(entry: ConditionEntry, context: Map<string, string>, known: KnownContext = {}): Tri {
  const parsed = parseOperator(entry.operator)
  const { base } = parsed
  if (isKnownAbsent(entry.key, context, known.complete)) return absentKeyResult(entry, parsed)
  const value = context.get(entry.key.toLowerCase())
  if (base === 'null') {
    // Null: "true" means the key must be absent. Only decidable for keys we know are present.
    if (value === undefined) return 'unknown'
    const wantsAbsent = entry.values.some((v) => v.toLowerCase() === 'true')
    const wantsPresent = entry.values.some((v) => v.toLowerCase() === 'false')
    return wantsPresent && !wantsAbsent ? 'true' : wantsAbsent && !wantsPresent ? 'false' : 'unknown'
  }
  const op = OPERATORS[base]
  const patterns = hasPolicyVariable(entry.values) && known.resolveVariables ? resolveAll(entry.values, context) : entry.values
  if (!op || value === undefined || patterns === undefined || hasPolicyVariable(patterns)) {
    // An operator we do not model, a key we do not know, or a value that depends on the request:
    // undecidable. (…IfExists on an absent key would be true, but "unknown" here means we do not
    // know whether the key is present, so it stays undecidable.)
    return 'unknown'
  }
  const anyMatch = patterns.some((pattern) => op.test(pattern, value))
  return (op.negated ? !anyMatch : anyMatch) ? 'true' : 'false'
}

function resolveAll(values: readonly string[], context: Map<string, string>): string[] | undefined {
  const out: string[] = []
  for (const v of values) {
    const resolved = resolvePolicyVariables(v, context)
    if (resolved === undefined) return undefined
    out.push(resolved)
  }
  return out
}

export interface ConditionOutcome {
  result: Tri
  /** The entries that could not be decided (empty unless result is 'unknown'). */
  undecided: ConditionEntry[]
}

/** All entries must hold (AND); a false entry decides, otherwise any unknown entry leaves it open. */
export function evaluateConditions(entries: readonly ConditionEntry[], context: Map<string, string>, known: KnownContext = {}): ConditionOutcome {
  const undecided: ConditionEntry[] = []
  for (const entry of entries) {
    const r = evaluateConditionEntry(entry, context, known)
    if (r === 'false') return { result: 'false', undecided: [] }
    if (r === 'unknown') undecided.push(entry)
  }
  return { result: undecided.length > 0 ? 'unknown' : 'true', undecided }
}

export function describeCondition(entry: ConditionEntry): string {
  return `${entry.operator} ${entry.key} ${JSON.stringify(entry.values)}`
}
