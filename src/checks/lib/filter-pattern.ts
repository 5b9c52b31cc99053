// CloudWatch Logs filter patterns: a parser into an AST, and the semantic comparison the CIS 4.x
// alarm checks (and ssm.sudo-alert) use to decide whether a metric filter catches the events a
// requirement names. Pure: no SDK, no I/O.
//
// What is parsed
//   - JSON patterns `{ … }`: terms `$.selector OP value` with OP one of = != < <= > >=, the value
//     quoted ("AccessDenied*"), unquoted (CreateTrail, kms.amazonaws.com), a wildcard (*), or a
//     regular expression (%…%); the forms `$.selector NOT EXISTS`, `$.selector EXISTS`,
//     `$.selector IS NULL | IS TRUE | IS FALSE`; && and ||; parentheses.
//   - Term patterns (unstructured text): words or "quoted phrases" that must all appear, `?word`
//     alternatives (any of them), `-word` exclusions, a standalone %regex%; the empty pattern
//     (matches every event); space-delimited `[…]` patterns are recognised but not analysed.
//
// When a JSON pattern satisfies a requirement (`satisfiesRequirement`)
//   A requirement is a reference pattern (CIS v3.0.0's) plus "optional" terms: terms CIS itself
//   publishes with and without (the noise exclusions of 4.1, the SSO narrowing of 4.2, an
//   eventSource naming the service the events belong to). Both the pattern and the reference are
//   brought to disjunctive normal form: an OR of clauses, each clause the SET of its terms. The
//   pattern satisfies the requirement when EVERY clause C of the reference has a clause C' in the
//   pattern with   required(C) ⊆ C' ⊆ C ∪ optional,   i.e. C' keeps every required term of C and
//   adds no restriction that CIS does not sanction. Hence:
//     equivalent, passes: any term order; spacing; quoted or unquoted values ("CreateTrail" =
//       CreateTrail); redundant or missing-but-harmless parentheses; distributed forms
//       (`A && (B || C)` = `(A && B) || (A && C)`); duplicate terms; extra OR alternatives (more
//       events alarmed on is noise, not a gap); the optional terms present or absent.
//     not equivalent, fails: a required term missing (an eventName alternative dropped, or
//       `MFAUsed != "Yes"` dropped from 4.2); an extra AND restriction not in the requirement
//       (narrows what is caught); a different value, operator or selector; a broader wildcard
//       value ("Delete*" for DeleteRoute) is NOT recognised as covering, so such a pattern fails —
//       conservative: it can fail an unusual but sufficient pattern, never pass an insufficient one;
//       a term pattern or an unparseable pattern; a pattern whose normal form exceeds MAX_CLAUSES.
//   Terms are compared exactly (CloudWatch Logs patterns are case sensitive). `IS NULL` and
//   `NOT EXISTS` are different terms. The CloudWatch documentation does not state whether && binds
//   tighter than ||: a pattern that mixes them at one level without parentheses (CIS 4.1 does) is
//   read both ways — && first, and strictly left to right — and satisfies only if both readings do.
export const MAX_CLAUSES = 1024

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>='

export type Value = { kind: 'text'; text: string; quoted: boolean } | { kind: 'regex'; regex: string }

export type Term =
  | { kind: 'compare'; selector: string; operator: Operator; value: Value }
  | { kind: 'exists'; selector: string; exists: boolean }
  | { kind: 'is'; selector: string; what: 'NULL' | 'TRUE' | 'FALSE' }

export type Expr =
  | { kind: 'term'; term: Term }
  | { kind: 'and'; parts: Expr[] }
  | { kind: 'or'; parts: Expr[] }
  /** && and || mixed at one level without parentheses: kept as written, read both ways. */
  | { kind: 'mixed'; operands: Expr[]; operators: ('&&' | '||')[] }

export type FilterPattern =
  | { kind: 'json'; expr: Expr }
  | { kind: 'terms'; required: string[]; anyOf: string[]; excluded: string[] }
  | { kind: 'regex'; regex: string }
  | { kind: 'delimited'; text: string }
  | { kind: 'everything' }

export type ParseResult = { ok: true; pattern: FilterPattern } | { ok: false; error: string }

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FilterPatternError'
  }
}

export function parseFilterPattern(text: string): ParseResult {
  try {
    return { ok: true, pattern: parse(text) }
  } catch (err) {
    if (err instanceof FilterPatternError) return { ok: false, error: err.message }
    throw err
  }
}

function parse(text: string): FilterPattern {
  const trimmed = text.trim()
  if (trimmed === '') return { kind: 'everything' }
  if (trimmed.startsWith('{')) return { kind: 'json', expr: new JsonParser(trimmed).parsePattern() }
  if (trimmed.startsWith('[')) {
    if (!trimmed.endsWith(']')) throw new FilterPatternError('a space-delimited pattern must end with ]')
    return { kind: 'delimited', text: trimmed }
  }
  if (trimmed.length > 1 && trimmed.startsWith('%') && trimmed.endsWith('%') && !/\s/.test(trimmed)) return { kind: 'regex', regex: trimmed.slice(1, -1) }
  return parseTerms(trimmed)
}

// ---------------------------------------------------------------------------------------------
// Term patterns.

function parseTerms(text: string): FilterPattern {
  const required: string[] = []
  const anyOf: string[] = []
  const excluded: string[] = []
  let i = 0
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++
      continue
    }
    let target = required
    if (text[i] === '?') {
      target = anyOf
      i++
    } else if (text[i] === '-') {
      target = excluded
      i++
    }
    let word: string
    if (text[i] === '"') {
      const end = readQuoted(text, i)
      word = end.text
      i = end.next
    } else {
      const start = i
      while (i < text.length && !/\s/.test(text[i]!)) i++
      word = text.slice(start, i)
    }
    if (word === '') throw new FilterPatternError(`an empty term at position ${i}`)
    target.push(word)
  }
  return { kind: 'terms', required, anyOf, excluded }
}

/** A double-quoted string starting at `start` (backslash escapes the next character). */
function readQuoted(text: string, start: number): { text: string; next: number } {
  let out = ''
  let i = start + 1
  while (i < text.length) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1]
      i += 2
      continue
    }
    if (c === '"') return { text: out, next: i + 1 }
    out += c
    i++
  }
  throw new FilterPatternError(`an unterminated quoted string starting at position ${start}`)
}

// ---------------------------------------------------------------------------------------------
// JSON patterns: a recursive-descent parser over the text.

const SELECTOR = /^\$(?:\.[A-Za-z0-9_\-@:*]+|\[[0-9*]+\])+/
const OPERATOR = /^(!=|<=|>=|=|<|>)/
const BARE_VALUE = /^[^\s()&|{}"]+/

class JsonParser {
  private i = 0
  constructor(private readonly text: string) {}

  parsePattern(): Expr {
    this.expect('{')
    const expr = this.parseChain()
    this.expect('}')
    this.skipSpace()
    if (this.i < this.text.length) this.fail(`unexpected "${this.text.slice(this.i, this.i + 10)}" after the closing brace`)
    return expr
  }

  /** operand ((&& | ||) operand)*, grouped as written at this level. */
  private parseChain(): Expr {
    const operands = [this.parseOperand()]
    const operators: ('&&' | '||')[] = []
    for (;;) {
      this.skipSpace()
      const op = this.text.startsWith('&&', this.i) ? '&&' : this.text.startsWith('||', this.i) ? '||' : undefined
      if (!op) break
      this.i += 2
      operators.push(op)
      operands.push(this.parseOperand())
    }
    if (operators.length === 0) return operands[0]!
    if (operators.every((o) => o === '&&')) return { kind: 'and', parts: operands }
    if (operators.every((o) => o === '||')) return { kind: 'or', parts: operands }
    return { kind: 'mixed', operands, operators }
  }

  private parseOperand(): Expr {
    this.skipSpace()
    if (this.text[this.i] === '(') {
      this.i++
      const inner = this.parseChain()
      this.expect(')')
      return inner
    }
    return { kind: 'term', term: this.parseTerm() }
  }

  private parseTerm(): Term {
    this.skipSpace()
    const selector = SELECTOR.exec(this.text.slice(this.i))?.[0]
    if (!selector) this.fail('expected a selector such as $.eventName')
    this.i += selector.length
    this.skipSpace()
    const rest = this.text.slice(this.i)
    const keyword = /^(NOT\s+EXISTS|EXISTS|IS\s+NULL|IS\s+TRUE|IS\s+FALSE)(?![A-Za-z0-9_])/i.exec(rest)?.[1]
    if (keyword) {
      this.i += keyword.length
      const word = keyword.toUpperCase().replace(/\s+/g, ' ')
      if (word === 'NOT EXISTS') return { kind: 'exists', selector, exists: false }
      if (word === 'EXISTS') return { kind: 'exists', selector, exists: true }
      return { kind: 'is', selector, what: word.slice(3) as 'NULL' | 'TRUE' | 'FALSE' }
    }
    const operator = OPERATOR.exec(rest)?.[1] as Operator | undefined
    if (!operator) this.fail(`expected an operator (=, !=, <, <=, >, >=) or NOT EXISTS / IS NULL after ${selector}`)
    this.i += operator.length
    return { kind: 'compare', selector, operator, value: this.parseValue() }
  }

  private parseValue(): Value {
    this.skipSpace()
    if (this.text[this.i] === '"') {
      const quoted = readQuoted(this.text, this.i)
      this.i = quoted.next
      return { kind: 'text', text: quoted.text, quoted: true }
    }
    if (this.text[this.i] === '%') {
      const end = this.text.indexOf('%', this.i + 1)
      if (end < 0) this.fail('an unterminated %regex%')
      const regex = this.text.slice(this.i + 1, end)
      this.i = end + 1
      return { kind: 'regex', regex }
    }
    const bare = BARE_VALUE.exec(this.text.slice(this.i))?.[0]
    if (!bare) this.fail('expected a value')
    this.i += bare.length
    return { kind: 'text', text: bare, quoted: false }
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++
  }

  private expect(c: string): void {
    this.skipSpace()
    if (this.text[this.i] !== c) this.fail(`expected "${c}"`)
    this.i++
  }

  private fail(problem: string): never {
    const at = this.i >= this.text.length ? 'at the end' : `at position ${this.i} ("${this.text.slice(this.i, this.i + 12)}")`
    throw new FilterPatternError(`${problem} ${at}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Normal form.

/** The canonical text of a term: equal texts, equal terms (quoting and spacing forgotten). */
export function termKey(term: Term): string {
  switch (term.kind) {
    case 'compare':
      return `${term.selector} ${term.operator} ${term.value.kind === 'regex' ? `%${term.value.regex}%` : JSON.stringify(term.value.text)}`
    case 'exists':
      return `${term.selector} ${term.exists ? 'EXISTS' : 'NOT EXISTS'}`
    case 'is':
      return `${term.selector} IS ${term.what}`
  }
}

/** A clause: the keys of terms that must all hold. */
export type Clause = ReadonlySet<string>

export type Reading = 'and-first' | 'left-to-right'

export class PatternTooComplex extends Error {
  constructor() {
    super(`the pattern's normal form has more than ${MAX_CLAUSES} alternatives`)
    this.name = 'PatternTooComplex'
  }
}

/** Whether the expression mixes && and || at one level, so that the two readings may differ. */
export function isAmbiguous(expr: Expr): boolean {
  if (expr.kind === 'mixed') return true
  if (expr.kind === 'term') return false
  return expr.parts.some(isAmbiguous)
}

/** The expression as an OR of clauses, under the given reading of unparenthesised mixes. */
export function toDnf(expr: Expr, reading: Reading): Clause[] {
  switch (expr.kind) {
    case 'term':
      return [new Set([termKey(expr.term)])]
    case 'or':
      return dedupe(expr.parts.flatMap((p) => toDnf(p, reading)))
    case 'and':
      return expr.parts.map((p) => toDnf(p, reading)).reduce(conjoin)
    case 'mixed':
      return toDnf(regroup(expr, reading), reading)
  }
}

/** A mixed chain, grouped: && before || (and-first), or each operator in turn (left-to-right). */
function regroup(expr: Extract<Expr, { kind: 'mixed' }>, reading: Reading): Expr {
  if (reading === 'left-to-right') {
    let acc = expr.operands[0]!
    expr.operators.forEach((op, k) => {
      acc = { kind: op === '&&' ? 'and' : 'or', parts: [acc, expr.operands[k + 1]!] }
    })
    return acc
  }
  const alternatives: Expr[][] = [[expr.operands[0]!]]
  expr.operators.forEach((op, k) => {
    if (op === '||') alternatives.push([expr.operands[k + 1]!])
    else alternatives[alternatives.length - 1]!.push(expr.operands[k + 1]!)
  })
  return { kind: 'or', parts: alternatives.map((parts) => (parts.length === 1 ? parts[0]! : { kind: 'and', parts })) }
}

function conjoin(left: Clause[], right: Clause[]): Clause[] {
  if (left.length * right.length > MAX_CLAUSES) throw new PatternTooComplex()
  return dedupe(left.flatMap((a) => right.map((b) => new Set([...a, ...b]))))
}

function dedupe(clauses: Clause[]): Clause[] {
  if (clauses.length > MAX_CLAUSES) throw new PatternTooComplex()
  const seen = new Map<string, Clause>()
  for (const c of clauses) seen.set([...c].sort().join('\u0000'), c)
  return [...seen.values()]
}

// ---------------------------------------------------------------------------------------------
// Requirements.

export interface PatternRequirement {
  /** The reference pattern, as CIS writes it. */
  reference: string
  /** Terms (written as in a pattern, e.g. `$.eventSource = ec2.amazonaws.com`) that may be present or absent. */
  optional?: readonly string[]
}

interface RequiredClause {
  required: Clause
  allowed: Clause
}

export interface PatternVerdict {
  satisfied: boolean
  /** Why not, in one sentence naming the terms (empty when satisfied). */
  reason: string
  /** How close the pattern comes, 0 (nothing of it) to 1 (satisfied): which filter a failure names first. */
  closeness: number
}

/** The clauses a pattern must cover, each with what it must keep and what it may add. */
export function requiredClauses(requirement: PatternRequirement, reading: Reading = 'and-first'): RequiredClause[] {
  const parsed = parseFilterPattern(requirement.reference)
  if (!parsed.ok || parsed.pattern.kind !== 'json') throw new Error(`reference pattern does not parse: ${parsed.ok ? 'not a JSON pattern' : parsed.error}`)
  const optional = new Set((requirement.optional ?? []).map(optionalTermKey))
  return toDnf(parsed.pattern.expr, reading).map((clause) => ({
    required: new Set([...clause].filter((t) => !optional.has(t))),
    allowed: new Set([...clause, ...optional]),
  }))
}

function optionalTermKey(text: string): string {
  const parsed = parseFilterPattern(`{ ${text} }`)
  if (!parsed.ok || parsed.pattern.kind !== 'json' || parsed.pattern.expr.kind !== 'term') throw new Error(`optional term "${text}" is not a single term`)
  return termKey(parsed.pattern.expr.term)
}

const isSubset = (a: Clause, b: Clause) => [...a].every((t) => b.has(t))
const list = (terms: Iterable<string>) => [...terms].map((t) => `\`${t}\``).join(', ')

/** Whether the JSON pattern catches every event the requirement names (module header: what counts as equivalent). */
export function satisfiesRequirement(patternText: string, requirement: PatternRequirement): PatternVerdict {
  const parsed = parseFilterPattern(patternText)
  if (!parsed.ok) return failed(`the pattern does not parse: ${parsed.error}`)
  if (parsed.pattern.kind !== 'json') return failed(`a ${describeKind(parsed.pattern)} cannot select CloudTrail events by field`)
  const expr = parsed.pattern.expr
  const readings: Reading[] = isAmbiguous(expr) ? ['and-first', 'left-to-right'] : ['and-first']
  const required = requiredClauses(requirement)
  for (const reading of readings) {
    let clauses: Clause[]
    try {
      clauses = toDnf(expr, reading)
    } catch (err) {
      if (err instanceof PatternTooComplex) return failed(err.message)
      throw err
    }
    const covers = (c: RequiredClause, candidate: Clause) => isSubset(c.required, candidate) && isSubset(candidate, c.allowed)
    const gap = required.find((c) => !clauses.some((candidate) => covers(c, candidate)))
    if (gap) {
      const suffix = readings.length > 1 ? ` (reading ${reading === 'and-first' ? '&& before ||' : '&& and || left to right'}, as the pattern mixes them without parentheses)` : ''
      // Covered clauses count whole; an uncovered one by the share of its required terms the closest alternative keeps.
      const partial = (c: RequiredClause) => (clauses.some((candidate) => covers(c, candidate)) ? 1 : Math.max(...clauses.map((candidate) => [...c.required].filter((t) => candidate.has(t)).length / Math.max(c.required.size, 1))) * 0.5)
      const closeness = required.reduce((sum, c) => sum + partial(c), 0) / required.length
      return { satisfied: false, reason: `${describeGap(gap, clauses)}${suffix}`, closeness }
    }
  }
  return SATISFIED
}

const SATISFIED: PatternVerdict = { satisfied: true, reason: '', closeness: 1 }
const failed = (reason: string): PatternVerdict => ({ satisfied: false, reason, closeness: 0 })

/** The closest alternative of the pattern to an uncovered clause, and what separates them. */
function describeGap(gap: RequiredClause, clauses: Clause[]): string {
  const unrestricted = clauses.filter((c) => isSubset(c, gap.allowed))
  const pool = unrestricted.length > 0 ? unrestricted : clauses
  const overlap = (c: Clause) => [...gap.required].filter((t) => c.has(t)).length
  const closest = pool.reduce((best, c) => (overlap(c) > overlap(best) ? c : best))
  const missing = [...gap.required].filter((t) => !closest.has(t))
  const extra = [...closest].filter((t) => !gap.allowed.has(t))
  const parts: string[] = []
  if (missing.length > 0) parts.push(`misses ${list(missing)}`)
  if (extra.length > 0) parts.push(`narrows it with ${list(extra)}`)
  return `no alternative of the pattern covers ${list(gap.required)}: the closest ${parts.join(' and ')}`
}

function describeKind(pattern: FilterPattern): string {
  switch (pattern.kind) {
    case 'terms':
      return 'term (unstructured text) pattern'
    case 'regex':
      return 'regular-expression pattern'
    case 'delimited':
      return 'space-delimited pattern'
    case 'everything':
      return 'empty pattern (it matches every event)'
    default:
      return 'JSON pattern'
  }
}

// ---------------------------------------------------------------------------------------------
// Words in unstructured logs (ssm.sudo-alert).

/**
 * Whether a term pattern alarms on every event containing `word`: the word alone ("sudo", `sudo`),
 * or one of `?` alternatives (`?sudo ?su`), or the standalone regex `%word%`; no exclusion (`-x`)
 * and no second required word (both narrow). JSON and space-delimited patterns are not recognised
 * (a session log line is matched as text), nor is the empty pattern (it alarms on every line, not on
 * the word).
 */
export function matchesWord(patternText: string, word: string): PatternVerdict {
  const parsed = parseFilterPattern(patternText)
  if (!parsed.ok) return failed(`the pattern does not parse: ${parsed.error}`)
  const pattern = parsed.pattern
  if (pattern.kind === 'regex') return pattern.regex === word ? SATISFIED : failed(`the regular expression %${pattern.regex}% is not %${word}%`)
  if (pattern.kind !== 'terms') return failed(`a ${describeKind(pattern)} is not recognised as matching the word "${word}"`)
  if (pattern.excluded.length > 0) return { ...failed(`the pattern excludes ${list(pattern.excluded)}, which narrows it`), closeness: 0.5 }
  if (pattern.required.length === 1 && pattern.required[0] === word && pattern.anyOf.length === 0) return SATISFIED
  if (pattern.required.length === 0 && pattern.anyOf.includes(word)) return SATISFIED
  if (pattern.required.includes(word) || pattern.anyOf.includes(word)) return { ...failed(`the pattern also requires ${list([...pattern.required, ...pattern.anyOf].filter((w) => w !== word))}, which narrows it`), closeness: 0.5 }
  return failed(`the pattern does not contain the word "${word}"`)
}
