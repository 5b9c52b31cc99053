// Decides whether the SCP chain of an account lets an action through, the way AWS evaluates SCPs:
// at every level (root, each OU on the path, the account) at least one attached SCP must Allow the
// action and no attached SCP may Deny it. Wildcards, NotAction, NotResource and conditions are
// honoured; what cannot be decided from the snapshot (a condition on the request region, a
// resource-scoped statement, …) makes the verdict 'conditional' and says which condition, rather
// than guessing.
//
// The verdict always names where it comes from — the denying policy and level, or the level without
// an Allow — because that is the evidence an auditor asks for.
import { actionMatches, coversAllResources } from '../policy/wildcard.js'
import type { ConditionEntry, Statement } from '../policy/document.js'
import { describeCondition, evaluateConditions, globMatch, isNegatedOperator, isPrincipalArnKey, normaliseContext, type KnownContext, type RequestContext, type Tri } from './condition.js'

export type LevelKind = 'root' | 'ou' | 'account'

export interface LevelRef {
  kind: LevelKind
  id: string
  name: string
}

export interface AttachedScp {
  id: string
  name: string
  statements: Statement[]
}

export interface ScpLevel extends LevelRef {
  policies: AttachedScp[]
}

export interface ScpQuery {
  action: string
  /** The resource ARN; absent means "any resource" (statements scoped to resources become conditional). */
  resource?: string
  /** Known condition keys of the request, e.g. aws:PrincipalArn, aws:PrincipalAccount. */
  context?: RequestContext
  /** Which absent keys are known to be absent, and whether policy variables may be resolved (src/access). */
  known?: KnownContext
}

export interface StatementRef {
  level: LevelRef
  policyId: string
  policyName: string
  statementIndex: number
  sid?: string
}

export interface ConditionalStatement extends StatementRef {
  effect: 'Allow' | 'Deny'
  /** Human-readable conditions that could not be decided (conditions and resource scoping). */
  undecided: string[]
}

export type ScpDecision =
  /** An SCP denies the action whatever the undecidable parts of the request are. */
  | { decision: 'denied'; by: StatementRef; exemptPrincipals?: undefined }
  /** Denied for every principal except those matching exemptPrincipals (a break-glass pattern). */
  | { decision: 'denied'; by: StatementRef; exemptPrincipals: string[] }
  /** No SCP at this level allows the action: implicitly denied there. */
  | { decision: 'implicitly-denied'; level: LevelRef }
  /** Denied or allowed depending on conditions the snapshot cannot decide. */
  | { decision: 'conditional'; statements: ConditionalStatement[] }
  /** Every level allows it and nothing denies it. */
  | { decision: 'allowed'; allowedBy: StatementRef[] }

interface StatementOutcome {
  applies: Tri
  undecided: ConditionEntry[]
  /** Resource scoping that could not be decided. */
  resourceScope?: string
}

export function matchesAction(s: Statement, action: string): boolean {
  if (s.action) return s.action.some((p) => actionMatches(p, action))
  return !(s.notAction ?? []).some((p) => actionMatches(p, action))
}

/** Resource element against the query: decided when a resource is given or the statement covers '*'. */
function matchesResource(s: Statement, resource: string | undefined): { result: Tri; scope?: string } {
  if (s.notResource) {
    if (resource !== undefined) return { result: s.notResource.some((p) => globMatch(p, resource)) ? 'false' : 'true' }
    if (s.notResource.some(coversAllResources)) return { result: 'false' }
    return { result: 'unknown', scope: `NotResource ${JSON.stringify(s.notResource)}` }
  }
  // SCP statements without Resource are treated as "*", which is how the console writes them.
  const patterns = s.resource ?? ['*']
  if (resource !== undefined) return { result: patterns.some((p) => globMatch(p, resource)) ? 'true' : 'false' }
  if (patterns.some(coversAllResources)) return { result: 'true' }
  return { result: 'unknown', scope: `Resource ${JSON.stringify(patterns)}` }
}

function evaluateStatement(s: Statement, query: ScpQuery, context: Map<string, string>): StatementOutcome {
  if (!matchesAction(s, query.action)) return { applies: 'false', undecided: [] }
  const res = matchesResource(s, query.resource)
  if (res.result === 'false') return { applies: 'false', undecided: [] }
  const cond = evaluateConditions(s.conditions, context, query.known)
  if (cond.result === 'false') return { applies: 'false', undecided: [] }
  const applies: Tri = res.result === 'unknown' || cond.result === 'unknown' ? 'unknown' : 'true'
  return { applies, undecided: cond.undecided, ...(res.scope ? { resourceScope: res.scope } : {}) }
}

/**
 * A Deny whose only open question is "is the caller one of these principals?", asked with a negated
 * operator (ArnNotLike aws:PrincipalArn [break-glass role]): it denies everyone except those
 * principals, which is how exemptions are written.
 */
function exemptionOf(outcome: StatementOutcome): string[] | undefined {
  if (outcome.resourceScope !== undefined || outcome.undecided.length === 0) return undefined
  if (!outcome.undecided.every((c) => isPrincipalArnKey(c.key) && isNegatedOperator(c.operator))) return undefined
  return outcome.undecided.flatMap((c) => c.values)
}

/**
 * An exemption names particular principals (a role name, a name prefix, the root user). One that
 * matches a whole class of principals — `arn:aws:iam::*:role/*`, `arn:aws:iam::*:*`, `*` — exempts
 * most callers, so the Deny cannot count as protection.
 */
export function isNarrowPrincipalPattern(pattern: string): boolean {
  const parts = pattern.split(':')
  if (parts.length < 6) return false
  const resource = parts.slice(5).join(':')
  if (/^[*?]/.test(resource)) return false
  const slash = resource.indexOf('/')
  const name = slash === -1 ? resource : resource.slice(slash + 1)
  return /[^*?/]/.test(name)
}

function refOf(level: LevelRef, policy: AttachedScp, s: Statement): StatementRef {
  const ref: StatementRef = { level: { kind: level.kind, id: level.id, name: level.name }, policyId: policy.id, policyName: policy.name, statementIndex: s.index }
  if (s.sid !== undefined) ref.sid = s.sid
  return ref
}

function conditional(ref: StatementRef, effect: 'Allow' | 'Deny', outcome: StatementOutcome): ConditionalStatement {
  const undecided = outcome.undecided.map(describeCondition)
  if (outcome.resourceScope) undecided.push(outcome.resourceScope)
  return { ...ref, effect, undecided }
}

/**
 * Actions AWS performs without any authorization check, so no policy — SCPs included — can deny
 * them (sts:GetCallerIdentity is documented as such).
 */
const NEVER_AUTHORIZED = new Set(['sts:getcalleridentity'])

export function evaluateScpChain(levels: readonly ScpLevel[], query: ScpQuery): ScpDecision {
  if (NEVER_AUTHORIZED.has(query.action.toLowerCase())) return { decision: 'allowed', allowedBy: [] }
  const context = normaliseContext(query.context ?? {})
  const allowedBy: StatementRef[] = []
  const conditionalStatements: ConditionalStatement[] = []
  let exemption: { by: StatementRef; principals: string[] } | undefined
  let firstImplicitDeny: LevelRef | undefined

  for (const level of levels) {
    let definiteAllow: StatementRef | undefined
    const conditionalAllows: ConditionalStatement[] = []
    for (const policy of level.policies) {
      for (const s of policy.statements) {
        const outcome = evaluateStatement(s, query, context)
        if (outcome.applies === 'false') continue
        const ref = refOf(level, policy, s)
        if (s.effect === 'Deny') {
          // An unconditional Deny anywhere in the chain decides: explicit deny beats everything.
          if (outcome.applies === 'true') return { decision: 'denied', by: ref }
          const exempt = exemptionOf(outcome)
          if (exempt && exempt.every(isNarrowPrincipalPattern)) exemption ??= { by: ref, principals: exempt }
          else conditionalStatements.push(conditional(ref, 'Deny', outcome))
        } else if (outcome.applies === 'true') {
          definiteAllow ??= ref
        } else {
          conditionalAllows.push(conditional(ref, 'Allow', outcome))
        }
      }
    }
    if (definiteAllow) allowedBy.push(definiteAllow)
    else if (conditionalAllows.length > 0) conditionalStatements.push(...conditionalAllows)
    else firstImplicitDeny ??= { kind: level.kind, id: level.id, name: level.name }
  }

  if (firstImplicitDeny) return { decision: 'implicitly-denied', level: firstImplicitDeny }
  if (exemption) return { decision: 'denied', by: exemption.by, exemptPrincipals: exemption.principals }
  if (conditionalStatements.length > 0) return { decision: 'conditional', statements: conditionalStatements }
  return { decision: 'allowed', allowedBy }
}

export function describeLevel(level: LevelRef): string {
  if (level.kind === 'root') return `the root (${level.id})`
  if (level.kind === 'ou') return `OU ${level.name} (${level.id})`
  return `the account ${level.name ? `${level.name} ` : ''}(${level.id})`
}

function describeStatementRef(ref: StatementRef): string {
  const statement = ref.sid ? `statement ${ref.sid}` : `statement #${ref.statementIndex}`
  return `SCP ${ref.policyName} (${ref.policyId}) ${statement} at ${describeLevel(ref.level)}`
}

/** One sentence saying what decided, for finding messages. */
export function explainDecision(action: string, d: ScpDecision): string {
  switch (d.decision) {
    case 'denied':
      return d.exemptPrincipals
        ? `${action} is denied by ${describeStatementRef(d.by)} for every principal except ${d.exemptPrincipals.join(', ')}`
        : `${action} is denied by ${describeStatementRef(d.by)}`
    case 'implicitly-denied':
      return `${action} is implicitly denied: no SCP attached at ${describeLevel(d.level)} allows it`
    case 'conditional':
      return `${action} is not denied in every case: it depends on conditions the scan cannot decide: ${d.statements
        .map((s) => `${s.effect} in ${describeStatementRef(s)} when ${s.undecided.join(' and ')}`)
        .join('; ')}`
    case 'allowed':
      return d.allowedBy.length === 0
        ? `${action} is allowed: AWS does not authorize it, so no SCP can deny it`
        : `${action} is allowed: no SCP denies it, and every level allows it (${d.allowedBy.map((r) => `${r.policyName} at ${describeLevel(r.level)}`).join(', ')})`
  }
}

/** True when the action is blocked for every principal (exemptions of named principals aside). */
export function isDenied(d: ScpDecision): boolean {
  return d.decision === 'denied' || d.decision === 'implicitly-denied'
}
