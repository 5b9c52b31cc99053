// Decides whether one principal may make one request, the way AWS evaluates it (IAM User Guide,
// "Policy evaluation logic"): an explicit Deny in any policy that applies wins; otherwise every policy
// type that applies must allow — the SCPs of the principal's account, its permissions boundary when
// it has one, its identity policies — except where a resource-based policy (here: a role's trust
// policy) may grant on its own. What the snapshot cannot decide (MFA, source IP, session tags, an SCP
// chain or policy that could not be read) is never guessed: the verdict is 'conditional' and says what
// it depends on and where that condition is written.
import type { Statement } from '../policy/document.js'
import { coversAllResources } from '../policy/wildcard.js'
import { arnMatches, describeCondition, evaluateConditions, normaliseContext, resolvePolicyVariables, type KnownContext, type Tri } from '../scp/condition.js'
import { describeLevel, evaluateScpChain, matchesAction, type StatementRef } from '../scp/evaluate.js'
import { namesAccount, principalMatches, type ParsedTrustPolicy, type TrustStatement } from './trust.js'
import type { Decision, Facts, IdentitySide, PolicyKind, PolicyLabel, StatementCite } from './types.js'

interface Request {
  action: string
  resource: string
  context: Map<string, string>
  known: KnownContext
}

/** A three-valued "is it granted?" with its evidence. */
interface Grant {
  result: Tri
  /** 'true' / 'unknown': the statements that grant it. */
  cites: StatementCite[]
  /** 'unknown': what is undecided, each with where it is written. */
  undecided: string[]
  /** 'false': why not, as a clause of the reason sentence. */
  why?: string
}

/** Explicit Deny statements that apply to the request (definite) or may (possible: described). */
interface Denials {
  definite?: StatementCite
  possible: string[]
}

const YES: Grant = { result: 'true', cites: [], undecided: [] }
const maybe = (undecided: string[], cites: StatementCite[] = []): Grant => ({ result: 'unknown', cites, undecided })
const no = (why: string): Grant => ({ result: 'false', cites: [], undecided: [], why })
const unique = <T>(xs: T[]): T[] => [...new Set(xs)]

/** Every grant is needed (AND): the first 'false' decides, with its reason. */
function all(...grants: Grant[]): Grant {
  const refused = grants.find((g) => g.result === 'false')
  if (refused) return refused
  const open = grants.some((g) => g.result === 'unknown')
  return { result: open ? 'unknown' : 'true', cites: unique(grants.flatMap((g) => g.cites)), undecided: unique(grants.flatMap((g) => g.undecided)) }
}

/** Any grant is enough (OR): the first 'true' decides. Refused, the reason is the last grant's — callers put the general path last. */
function either(...grants: Grant[]): Grant {
  const granted = grants.find((g) => g.result === 'true')
  if (granted) return granted
  const open = grants.filter((g) => g.result === 'unknown')
  if (open.length === 0) return grants.at(-1)!
  return maybe(unique(open.flatMap((g) => g.undecided)), unique(open.flatMap((g) => g.cites)))
}

const KIND_WORDS: Record<PolicyKind, string> = { identity: 'identity policy', 'permissions-boundary': 'permissions boundary', scp: 'SCP', trust: 'trust policy' }

/** "identity policy user alice: Ops, statement AllowSsm" — the name is prefixed with its kind unless it says it already. */
function describePolicy(label: PolicyLabel): string {
  const word = KIND_WORDS[label.kind]
  return label.name.toLowerCase().includes(word.toLowerCase()) ? label.name : `${word} ${label.name}`
}

export function describeCite(c: StatementCite): string {
  return `${describePolicy(c.policy)}, statement ${c.sid ?? `#${c.statement}`}`
}

function citeOf(label: PolicyLabel, s: Statement): StatementCite {
  return { policy: label, statement: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}) }
}

// ---- one statement ----------------------------------------------------------------------------

function resourcePatternMatches(pattern: string, req: Request): Tri {
  const resolved = pattern.includes('${') ? resolvePolicyVariables(pattern, req.context) : pattern
  if (resolved === undefined) return 'unknown'
  // Resource ARNs match segment by segment, like ArnLike; '*' alone is every resource.
  return coversAllResources(resolved) || arnMatches(resolved, req.resource) ? 'true' : 'false'
}

function resourceApplies(s: Statement, req: Request): Tri {
  const patterns = s.resource ?? s.notResource
  // Trust policies have no Resource element: a statement is about the role it is attached to.
  if (!patterns) return 'true'
  const results = patterns.map((p) => resourcePatternMatches(p, req))
  const any: Tri = results.includes('true') ? 'true' : results.includes('unknown') ? 'unknown' : 'false'
  if (!s.notResource || any === 'unknown') return any
  return any === 'true' ? 'false' : 'true'
}

/** Does the statement apply to the request (action, resource, conditions), and if unknown, on what? */
function statementApplies(s: Statement, req: Request): { result: Tri; undecided: string[] } {
  if (!matchesAction(s, req.action)) return { result: 'false', undecided: [] }
  const resource = resourceApplies(s, req)
  if (resource === 'false') return { result: 'false', undecided: [] }
  const conditions = evaluateConditions(s.conditions, req.context, req.known)
  if (conditions.result === 'false') return { result: 'false', undecided: [] }
  const undecided = conditions.undecided.map(describeCondition)
  if (resource === 'unknown') undecided.push(`${s.resource ? 'Resource' : 'NotResource'} ${JSON.stringify(s.resource ?? s.notResource)} with an unresolved policy variable`)
  return { result: undecided.length > 0 ? 'unknown' : 'true', undecided }
}

// ---- a set of policies --------------------------------------------------------------------------

interface Hit {
  cite: StatementCite
  undecided: string[]
}

interface Scan {
  allows: Hit[]
  denials: Denials
}

const located = (hit: Hit) => hit.undecided.map((u) => `${u} (${describeCite(hit.cite)})`)

function scan(policies: readonly { label: PolicyLabel; statements: readonly Statement[] }[], req: Request): Scan {
  const out: Scan = { allows: [], denials: { possible: [] } }
  for (const policy of policies) {
    for (const s of policy.statements) {
      const applies = statementApplies(s, req)
      if (applies.result === 'false') continue
      const hit = { cite: citeOf(policy.label, s), undecided: applies.undecided }
      if (s.effect === 'Allow') out.allows.push(hit)
      else if (applies.result === 'true') out.denials.definite ??= hit.cite
      else out.denials.possible.push(...located(hit))
    }
  }
  return out
}

/** A definite allow grants; failing that, conditional allows grant conditionally; else refused with `why`. */
function grantOf(allows: readonly Hit[], why: string): Grant {
  const definite = allows.filter((h) => h.undecided.length === 0)
  if (definite.length > 0) return { result: 'true', cites: definite.map((h) => h.cite), undecided: [] }
  if (allows.length > 0) return maybe(allows.flatMap(located), allows.map((h) => h.cite))
  return no(why)
}

function mergeDenials(...all: Denials[]): Denials {
  const definite = all.find((d) => d.definite)?.definite
  return { ...(definite ? { definite } : {}), possible: unique(all.flatMap((d) => d.possible)) }
}

// ---- the identity side: SCPs, boundary, identity policies ---------------------------------------

function scpCite(ref: StatementRef, accountId: string): StatementCite {
  return { policy: { account: accountId, kind: 'scp', name: `${ref.policyName} (${ref.policyId}) at ${describeLevel(ref.level)}` }, statement: ref.statementIndex, ...(ref.sid !== undefined ? { sid: ref.sid } : {}) }
}

function scpLayer(principal: IdentitySide, req: Request): { grant: Grant; denials: Denials } {
  const chain = principal.scp
  if (chain.kind === 'management' || chain.kind === 'scps-disabled') return { grant: YES, denials: { possible: [] } }
  if (chain.kind === 'unknown') return { grant: maybe([`the SCP chain of account ${principal.accountId} could not be read (${chain.message}); an SCP might deny this`]), denials: { possible: [] } }
  const d = evaluateScpChain(chain.levels, { action: req.action, resource: req.resource, context: Object.fromEntries(req.context), known: req.known })
  switch (d.decision) {
    case 'allowed':
      return { grant: YES, denials: { possible: [] } }
    case 'implicitly-denied':
      return { grant: no(`no SCP attached at ${describeLevel(d.level)} allows it`), denials: { possible: [] } }
    case 'denied':
      // With the principal's ARN in the context, an exemption (ArnNotLike aws:PrincipalArn) is decided
      // by evaluateScpChain, so exemptPrincipals only remain when that ARN did not decide it.
      if (!d.exemptPrincipals) return { grant: YES, denials: { definite: scpCite(d.by, principal.accountId), possible: [] } }
      return { grant: YES, denials: { possible: [`the caller is not one of ${d.exemptPrincipals.join(', ')} (${describeCite(scpCite(d.by, principal.accountId))})`] } }
    case 'conditional': {
      const where = (s: (typeof d.statements)[number]) => `${s.undecided.join(' and ')} (${describeCite(scpCite(s, principal.accountId))})`
      const allows = d.statements.filter((s) => s.effect === 'Allow')
      return { grant: allows.length > 0 ? maybe(allows.map(where)) : YES, denials: { possible: d.statements.filter((s) => s.effect === 'Deny').map(where) } }
    }
  }
}

interface IdentityHalf {
  scp: Grant
  identity: Grant
  boundary?: Grant
  denials: Denials
}

function identityHalf(principal: IdentitySide, req: Request): IdentityHalf {
  const scp = scpLayer(principal, req)
  const identityScan = scan(principal.policies, req)
  let identity = grantOf(identityScan.allows, 'none of its identity policies allows it')
  // A policy that could not be read might deny what the others allow (even where a trust policy grants
  // without an identity allow), or allow what they do not.
  const unreadable = principal.unreadable.map((u) => `${u} could not be read, so it might allow or deny this`)
  const unreadableDenials: Denials = { possible: unreadable }
  if (identity.result === 'false' && unreadable.length > 0) identity = maybe(unreadable)
  const half: IdentityHalf = { scp: scp.grant, identity, denials: mergeDenials(scp.denials, identityScan.denials, unreadableDenials) }
  if (principal.boundary) {
    const boundaryScan = scan([principal.boundary], req)
    half.boundary = grantOf(boundaryScan.allows, `its permissions boundary ${principal.boundary.label.name} does not allow it`)
    half.denials = mergeDenials(half.denials, boundaryScan.denials)
  }
  return half
}

function requestOf(principal: IdentitySide, action: string, resource: string, facts: Facts): Request {
  const derived: Record<string, string> = { 'aws:PrincipalArn': principal.arn, 'aws:PrincipalAccount': principal.accountId }
  if (principal.scp.kind === 'ok') derived['aws:PrincipalOrgID'] = principal.scp.organizationId
  // The facts come last: they are what the caller knows of this very request.
  const context = normaliseContext({ ...derived, ...facts.values })
  return { action, resource, context, known: { complete: facts.complete, resolveVariables: true } }
}

// ---- the verdict ---------------------------------------------------------------------------------

function decide(who: string, what: string, grant: Grant, denials: Denials): Decision {
  if (denials.definite) {
    return { verdict: 'denied', allowedBy: [], deniedBy: denials.definite, reason: `${what} is explicitly denied to ${who} by ${describeCite(denials.definite)}.`, conditions: [] }
  }
  if (grant.result === 'false') return { verdict: 'denied', allowedBy: [], reason: `${what} is implicitly denied to ${who}: ${grant.why}.`, conditions: [] }
  const by = grant.cites.map(describeCite).join('; ')
  const conditions = unique([...grant.undecided, ...denials.possible])
  if (conditions.length > 0) {
    const count = conditions.length === 1 ? 'one condition' : `${conditions.length} conditions`
    return { verdict: 'conditional', allowedBy: grant.cites, reason: `${who} may be allowed ${what}${by ? ` (granted by ${by})` : ''}, depending on ${count} the snapshot cannot decide.`, conditions }
  }
  return { verdict: 'allowed', allowedBy: grant.cites, reason: `${who} is allowed ${what} by ${by || 'SCPs that do not restrict it'}, and nothing denies it.`, conditions: [] }
}

/**
 * An identity-based request (ssm:StartSession on an instance, ec2-instance-connect:SendSSHPublicKey,
 * the identity half of sts:AssumeRole …) made by the principal: no explicit Deny in its SCPs, boundary
 * or identity policies; its SCP chain, its boundary (if any) and an identity policy all allow it.
 */
export function evaluateRequest(input: { principal: IdentitySide; action: string; resource: string; facts: Facts }): Decision {
  const { principal, action, resource } = input
  const half = identityHalf(principal, requestOf(principal, action, resource, input.facts))
  // Identity before boundary: "no identity policy allows it" is the first reason a reviewer looks for.
  const grant = all(half.scp, half.identity, ...(half.boundary ? [half.boundary] : []))
  return decide(principal.arn, `${action} on ${resource}`, grant, half.denials)
}

// ---- sts:AssumeRole -----------------------------------------------------------------------------

interface TrustLayer {
  /** Allow statements naming the caller's ARN. */
  exact: Grant
  /** Allow statements naming everyone ("*"). */
  anyone: Grant
  /** Any Allow statement that matches the caller: its ARN, its account, or everyone. */
  any: Grant
  denials: Denials
}

/**
 * Does a Deny statement with NotPrincipal spare the caller? AWS (NotPrincipal element): it denies
 * every principal with a permissions boundary whatever it names, and a principal is spared only when
 * both it and its account are named. NotPrincipal is not accepted in trust policies, so this only
 * guards against a document IAM would reject.
 */
function notPrincipalDeny(s: TrustStatement, principal: IdentitySide): { result: Tri; undecided: string[] } {
  const el = s.notPrincipal!
  if (principal.boundary) return { result: 'true', undecided: [] }
  const caller = el.aws.includes(principal.arn)
  const account = namesAccount(el, principal.accountId)
  if (caller && account) return { result: 'false', undecided: [] }
  if (!caller && !account) return { result: 'true', undecided: [] }
  return { result: 'unknown', undecided: [`NotPrincipal ${JSON.stringify(el.aws)} names ${caller ? 'the caller but not its account' : 'its account but not the caller'}`] }
}

/** How an Allow statement names the caller: by its ARN, as everyone ("*"), by its account, or not at all. */
function allowKind(s: TrustStatement, caller: IdentitySide): 'exact' | 'anyone' | 'account' | 'none' {
  // Allow with NotPrincipal (not supported by AWS) is read literally: everyone but those named.
  if (!s.principal) return principalMatches(s.notPrincipal!, caller) === 'none' ? 'anyone' : 'none'
  const match = principalMatches(s.principal, caller)
  if (match !== 'account') return match
  return s.principal.any ? 'anyone' : 'account'
}

function trustLayer(trust: ParsedTrustPolicy, label: PolicyLabel, principal: IdentitySide, req: Request): TrustLayer {
  if (!trust.ok) {
    const unreadable = maybe([`${describePolicy(label)} could not be read (${trust.problem})`])
    return { exact: unreadable, anyone: unreadable, any: unreadable, denials: { possible: [] } }
  }
  const exact: Hit[] = []
  const anyone: Hit[] = []
  const account: Hit[] = []
  const denials: Denials = { possible: [] }
  for (const s of trust.statements) {
    const applies = statementApplies(s, req)
    if (applies.result === 'false') continue
    const hit: Hit = { cite: citeOf(label, s), undecided: applies.undecided }
    if (s.effect === 'Deny') {
      // A Deny naming the caller, its account or everyone applies to the caller.
      const principalPart = s.principal ? { result: (principalMatches(s.principal, principal) === 'none' ? 'false' : 'true') as Tri, undecided: [] } : notPrincipalDeny(s, principal)
      if (principalPart.result === 'false') continue
      if (applies.result === 'true' && principalPart.result === 'true') denials.definite ??= hit.cite
      else denials.possible.push(...located({ ...hit, undecided: [...principalPart.undecided, ...hit.undecided] }))
      continue
    }
    const kind = allowKind(s, principal)
    if (kind !== 'none') ({ exact, anyone, account })[kind].push(hit)
  }
  const none = `${describePolicy(label)} does not allow it`
  return { exact: grantOf(exact, none), anyone: grantOf(anyone, none), any: grantOf([...exact, ...anyone, ...account], none), denials }
}

/**
 * sts:AssumeRole of `role` by `principal`. The trust policy must allow the caller and nothing may deny
 * it. Across accounts the caller's identity policies (and boundary) must allow it too. Within one
 * account a trust statement that names the caller itself grants on its own — for an IAM user even past
 * an implicit deny of its boundary; for a role the boundary still limits it, because the trust policy
 * names the role, not its session (IAM User Guide, policy evaluation within a single account). A trust
 * statement naming only the account (root) delegates to the account's identity policies, so the
 * identity allow is needed then. "*" names every principal, the caller's session included, so within
 * the account it grants like an exact name (iam-simulate agrees; the oracle test exercises it).
 *
 * SCPs: AWS applies the SCPs of the CALLER's account to sts:AssumeRole (SCPs restrict the principals
 * of the accounts they are attached to), never those of the role's account; so only principal.scp is
 * evaluated here.
 */
export function evaluateAssumeRole(input: { principal: IdentitySide; facts: Facts; role: { arn: string; accountId: string; trust: ParsedTrustPolicy; label: PolicyLabel } }): Decision {
  const { principal, role } = input
  const req = requestOf(principal, 'sts:AssumeRole', role.arn, input.facts)
  const half = identityHalf(principal, req)
  const trust = trustLayer(role.trust, role.label, principal, req)
  const boundary = half.boundary ? [half.boundary] : []
  // The general path last: its reason is the one given when every path is refused.
  const viaIdentity = all(half.scp, trust.any, half.identity, ...boundary)
  let grant = viaIdentity
  if (principal.accountId === role.accountId) {
    const isRole = /^arn:aws[a-z-]*:iam::\d{12}:role\//.test(principal.arn)
    grant = either(all(half.scp, trust.exact, ...(isRole ? boundary : [])), all(half.scp, trust.anyone), viaIdentity)
  }
  return decide(principal.arn, `sts:AssumeRole of ${role.arn}`, grant, mergeDenials(half.denials, trust.denials))
}
