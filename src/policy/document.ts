// Normalises IAM policy documents. AWS lets most elements be written either as a single value or as
// an array ("Action": "s3:*" vs "Action": ["s3:*"]) and a document may hold one Statement object
// instead of a list; checks want one shape, and they want a malformed document to be reported as
// such (never read as "grants nothing", which would let a check pass on input it did not understand).
import type { PolicyDocument } from '../snapshot/schema.js'

export type Effect = 'Allow' | 'Deny'

/** One condition test: `"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}` gives operator IpAddress, key aws:SourceIp. */
export interface ConditionEntry {
  /** As written, e.g. 'NotIpAddress', 'ForAnyValue:StringLike', 'IpAddressIfExists'. */
  operator: string
  /** As written; compare with conditionKeyEquals (condition keys are case-insensitive). */
  key: string
  values: string[]
}

export interface Statement {
  /** Position in the document (0-based), so evidence can point at the statement even without a Sid. */
  index: number
  sid?: string
  effect: Effect
  /** Exactly one of action / notAction is set. */
  action?: string[]
  notAction?: string[]
  /** Exactly one of resource / notResource is set (both absent in resource-less trust policies). */
  resource?: string[]
  notResource?: string[]
  conditions: ConditionEntry[]
}

export type ParsedPolicy = { ok: true; statements: Statement[] } | { ok: false; problem: string }

function stringList(value: unknown, element: string, index: number): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[]
  throw new PolicyShapeError(`statement ${index}: ${element} must be a string or a list of strings`)
}

class PolicyShapeError extends Error {}

function conditionValues(value: unknown, where: string): string[] {
  const one = (v: unknown): string => {
    if (typeof v === 'string') return v
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    throw new PolicyShapeError(`${where}: condition values must be strings, numbers or booleans`)
  }
  return Array.isArray(value) ? value.map(one) : [one(value)]
}

function parseConditions(value: unknown, index: number): ConditionEntry[] {
  if (value === undefined) return []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyShapeError(`statement ${index}: Condition must be an object of operator → {key: values}`)
  }
  const entries: ConditionEntry[] = []
  for (const [operator, tests] of Object.entries(value)) {
    if (typeof tests !== 'object' || tests === null || Array.isArray(tests)) {
      throw new PolicyShapeError(`statement ${index}: Condition operator ${operator} must map keys to values`)
    }
    for (const [key, values] of Object.entries(tests)) {
      entries.push({ operator, key, values: conditionValues(values, `statement ${index}, ${operator} ${key}`) })
    }
  }
  return entries
}

function parseStatement(raw: unknown, index: number): Statement {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PolicyShapeError(`statement ${index} is not an object`)
  const s = raw as Record<string, unknown>
  // Effect values are case-sensitive in IAM, which rejects anything else at write time; reading
  // them case-insensitively costs nothing and cannot hide a grant.
  const effectText = typeof s.Effect === 'string' ? s.Effect.toLowerCase() : undefined
  if (effectText !== 'allow' && effectText !== 'deny') throw new PolicyShapeError(`statement ${index}: Effect must be Allow or Deny`)
  const statement: Statement = { index, effect: effectText === 'allow' ? 'Allow' : 'Deny', conditions: parseConditions(s.Condition, index) }
  if (typeof s.Sid === 'string') statement.sid = s.Sid
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new PolicyShapeError(`statement ${index}: exactly one of Action or NotAction is required`)
  if (s.Action !== undefined) statement.action = stringList(s.Action, 'Action', index)
  if (s.NotAction !== undefined) statement.notAction = stringList(s.NotAction, 'NotAction', index)
  if (s.Resource !== undefined && s.NotResource !== undefined) throw new PolicyShapeError(`statement ${index}: Resource and NotResource cannot both be set`)
  if (s.Resource !== undefined) statement.resource = stringList(s.Resource, 'Resource', index)
  if (s.NotResource !== undefined) statement.notResource = stringList(s.NotResource, 'NotResource', index)
  return statement
}

/** Statements of a policy document in one shape, or what is wrong with the document. */
export function parsePolicy(document: PolicyDocument): ParsedPolicy {
  const raw = document.Statement
  if (raw === undefined) return { ok: false, problem: 'the document has no Statement' }
  const list = Array.isArray(raw) ? raw : [raw]
  try {
    return { ok: true, statements: list.map((s, i) => parseStatement(s, i)) }
  } catch (err) {
    if (err instanceof PolicyShapeError) return { ok: false, problem: err.message }
    throw err
  }
}

/** Condition keys are case-insensitive in IAM (aws:SourceIp ≡ AWS:sourceip). */
export function conditionKeyEquals(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** A short, secret-free description of a statement for evidence. */
export function describeStatement(s: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = { index: s.index, effect: s.effect }
  if (s.sid !== undefined) out.sid = s.sid
  if (s.action) out.action = s.action
  if (s.notAction) out.notAction = s.notAction
  if (s.resource) out.resource = s.resource
  if (s.notResource) out.notResource = s.notResource
  if (s.conditions.length > 0) out.condition = s.conditions.map((c) => `${c.operator} ${c.key}`)
  return out
}
