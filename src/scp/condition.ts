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

function parseOperator(operator: string): { base: string } {
  // ForAnyValue:/ForAllValues: qualify multi-valued keys; every key this module knows is
  // single-valued, for which both qualifiers reduce to the plain operator.
  let op = operator.replace(/^(ForAnyValue|ForAllValues):/i, '')
  if (/IfExists$/i.test(op)) op = op.slice(0, -'IfExists'.length)
  return { base: op.toLowerCase() }
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

/** One condition entry (operator + key + values) against what is known of the request. */
export function evaluateConditionEntry(entry: ConditionEntry, context: Map<string, string>): Tri {
  const { base } = parseOperator(entry.operator)
  const value = context.get(entry.key.toLowerCase())
  if (base === 'null') {
    // Null: "true" means the key must be absent. Only decidable for keys we know are present.
    if (value === undefined) return 'unknown'
    const wantsAbsent = entry.values.some((v) => v.toLowerCase() === 'true')
    const wantsPresent = entry.values.some((v) => v.toLowerCase() === 'false')
    return wantsPresent && !wantsAbsent ? 'true' : wantsAbsent && !wantsPresent ? 'false' : 'unknown'
  }
  const op = OPERATORS[base]
  if (!op || value === undefined || hasPolicyVariable(entry.values)) {
    // An operator we do not model, a key we do not know, or a value that depends on the request:
    // undecidable. (…IfExists on an absent key would be true, but "unknown" here means we do not
    // know whether the key is present, so it stays undecidable.)
    return 'unknown'
  }
  const anyMatch = entry.values.some((pattern) => op.test(pattern, value))
  return (op.negated ? !anyMatch : anyMatch) ? 'true' : 'false'
}

export interface ConditionOutcome {
  result: Tri
  /** The entries that could not be decided (empty unless result is 'unknown'). */
  undecided: ConditionEntry[]
}

/** All entries must hold (AND); a false entry decides, otherwise any unknown entry leaves it open. */
export function evaluateConditions(entries: readonly ConditionEntry[], context: Map<string, string>): ConditionOutcome {
  const undecided: ConditionEntry[] = []
  for (const entry of entries) {
    const r = evaluateConditionEntry(entry, context)
    if (r === 'false') return { result: 'false', undecided: [] }
    if (r === 'unknown') undecided.push(entry)
  }
  return { result: undecided.length > 0 ? 'unknown' : 'true', undecided }
}

export function describeCondition(entry: ConditionEntry): string {
  return `${entry.operator} ${entry.key} ${JSON.stringify(entry.values)}`
}
