// The identity side of IAM users and roles, from the snapshot: their policies parsed once and
// labelled (which account, which policy, which group), their boundary, their account's SCP chain, and
// what is known of their requests (Facts). A policy that is missing or unparseable is carried as
// `unreadable`, so an access path through it is shown as conditional rather than silently dropped.
import { parsePolicy } from '../policy/document.js'
import { managedPoliciesByArn, policiesOfRole, policiesOfUser, type AppliedPolicy } from '../policy/principal-policies.js'
import type { ChainResult } from '../scp/chain.js'
import type { AuthorizationDetails, IamRole, IamUser, ManagedPolicy } from '../snapshot/schema.js'
import type { Facts, IdentitySide, ParsedPolicy } from './types.js'

function sideOf(arn: string, accountId: string, applied: AppliedPolicy[], scp: ChainResult, owner: string): IdentitySide {
  const side: IdentitySide = { arn, accountId, policies: [], unreadable: [], scp }
  for (const p of applied) {
    const boundary = p.source === 'permissions-boundary'
    const name = boundary ? p.label : `${owner}: ${p.label}`
    if (!p.document) {
      side.unreadable.push(`${name} (${p.missing ?? 'not readable'})`)
      continue
    }
    const parsed = parsePolicy(p.document)
    if (!parsed.ok) {
      side.unreadable.push(`${name} (${parsed.problem})`)
      continue
    }
    const policy: ParsedPolicy = { label: { account: accountId, kind: boundary ? 'permissions-boundary' : 'identity', name, ...(p.group !== undefined ? { group: p.group } : {}) }, statements: parsed.statements }
    if (boundary) side.boundary = policy
    else side.policies.push(policy)
  }
  return side
}

export function userSide(user: IamUser, accountId: string, details: AuthorizationDetails, scp: ChainResult, byArn?: Map<string, ManagedPolicy>): IdentitySide {
  return sideOf(user.arn, accountId, policiesOfUser(user, details, byArn), scp, `user ${user.name}`)
}

export function roleSide(role: IamRole, accountId: string, details: AuthorizationDetails, scp: ChainResult, byArn?: Map<string, ManagedPolicy>): IdentitySide {
  return sideOf(role.arn, accountId, policiesOfRole(role, details, byArn), scp, `role ${role.name}`)
}

export { managedPoliciesByArn }

/** What every request of an IAM user says about it. Its tags are all known: a missing tag is absent. */
export function userFacts(user: IamUser, accountId: string, organizationId: string | undefined): Facts {
  const values: Record<string, string> = { 'aws:PrincipalArn': user.arn, 'aws:PrincipalAccount': accountId, 'aws:username': user.name, 'aws:PrincipalType': 'User' }
  if (organizationId) values['aws:PrincipalOrgID'] = organizationId
  for (const [k, v] of Object.entries(user.tags)) values[`aws:PrincipalTag/${k}`] = v
  return { values, complete: ['aws:PrincipalTag/'] }
}

/**
 * A role session's requests. Its principal tags are the role's tags, but a caller allowed
 * sts:TagSession may add session tags, so principal tags are not complete: a condition on a tag the
 * role lacks stays undecided (shown), never assumed absent.
 */
export function roleFacts(role: IamRole, accountId: string, organizationId: string | undefined): Facts {
  const values: Record<string, string> = { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': accountId, 'aws:PrincipalType': 'AssumedRole' }
  if (organizationId) values['aws:PrincipalOrgID'] = organizationId
  for (const [k, v] of Object.entries(role.tags)) values[`aws:PrincipalTag/${k}`] = v
  return { values, complete: [] }
}

/** The facts of a request on a tagged resource: every tag of the resource is known, under each key family. */
export function withResourceTags(facts: Facts, tags: Record<string, string>, families: readonly string[]): Facts {
  const values = { ...facts.values }
  for (const family of families) for (const [k, v] of Object.entries(tags)) values[`${family}${k}`] = v
  return { values, complete: [...facts.complete, ...families] }
}
