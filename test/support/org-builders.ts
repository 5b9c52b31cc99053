// Typed fixture builders for the Organization slice: an organization described by its OUs, accounts
// and SCPs in a few lines, expanded into the snapshot shape the collector writes.
import type { AccountSnapshot, Snapshot } from '../../src/snapshot/schema.js'
import type { AlternateContact, OrgAccount, OrganizationSlice, OrganizationalUnit, PolicyContent, PolicyTarget, ServiceControlPolicy } from '../../src/snapshot/organization.js'
import { accountSnapshot, NOW, ok, unreadable } from './builders.js'
import type { Readable } from '../../src/snapshot/schema.js'

export const ORG_ID = 'o-exampleorg1'
export const ROOT_ID = 'r-ab12'
export const MANAGEMENT_ID = '000000000000'
export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess'

export const FULL_AWS_ACCESS_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

export interface OuSpec {
  id: string
  name: string
  /** Parent OU id; the root when absent. */
  parent?: string
}

export interface OrgAccountSpec {
  id: string
  name?: string
  /** Parent OU id; the root when absent. */
  parent?: string
  status?: string
  tags?: Record<string, string>
}

export interface ScpSpec {
  id: string
  name?: string
  /** Parsed document, or raw text that is stored as DescribePolicy would have returned it. */
  document?: Record<string, unknown>
  content?: Readable<PolicyContent>
  /** Root, OU or account ids the policy is attached to. */
  targets?: string[] | Readable<PolicyTarget[]>
  awsManaged?: boolean
}

export interface OrgSpec {
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING'
  /** SERVICE_CONTROL_POLICY enabled on the root (default true). */
  scpEnabled?: boolean
  ous?: OuSpec[]
  accounts?: OrgAccountSpec[]
  scps?: ScpSpec[]
  /**
   * Attach FullAWSAccess to the root, every OU and every account, as AWS does by default (default
   * true). Ids listed in `withoutFullAwsAccess` are left out, e.g. an OU with an allow-list SCP.
   */
  fullAwsAccess?: boolean
  withoutFullAwsAccess?: string[]
  /** Replace whole pieces of the slice (e.g. an unreadable piece). */
  override?: Partial<OrganizationSlice>
  /** Per-account snapshots to include in snapshot.accounts (for account-scope checks). */
  accountSnapshots?: AccountSnapshot[]
}

export function denyStatement(action: string | string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Deny', Action: action, Resource: '*', ...extra }
}

export function policyDocument(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements }
}

function targetType(id: string): PolicyTarget['type'] {
  if (id.startsWith('r-')) return 'ROOT'
  if (id.startsWith('ou-')) return 'ORGANIZATIONAL_UNIT'
  return 'ACCOUNT'
}

function orgAccount(spec: OrgAccountSpec): OrgAccount {
  return {
    id: spec.id,
    arn: `arn:aws:organizations::${MANAGEMENT_ID}:account/${ORG_ID}/${spec.id}`,
    name: spec.name ?? `account-${spec.id}`,
    email: `aws+${spec.id}@example.com`,
    status: spec.status ?? 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedAt: NOW.toISOString(),
    parentId: spec.parent ?? ROOT_ID,
    tags: ok(spec.tags ?? {}),
  }
}

export function organizationSlice(spec: OrgSpec = {}): OrganizationSlice {
  const ous: OrganizationalUnit[] = (spec.ous ?? []).map((o) => ({ id: o.id, name: o.name, arn: `arn:aws:organizations::${MANAGEMENT_ID}:ou/${ORG_ID}/${o.id}`, parentId: o.parent ?? ROOT_ID }))
  const accountSpecs = [{ id: MANAGEMENT_ID, name: 'management' }, ...(spec.accounts ?? []).filter((a) => a.id !== MANAGEMENT_ID)]
  const accounts = accountSpecs.map(orgAccount)
  const scps: ServiceControlPolicy[] = []
  if (spec.fullAwsAccess ?? true) {
    const skip = new Set(spec.withoutFullAwsAccess ?? [])
    const targets = [ROOT_ID, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)].filter((id) => !skip.has(id))
    scps.push(scp({ id: FULL_AWS_ACCESS_ID, name: 'FullAWSAccess', document: FULL_AWS_ACCESS_DOCUMENT, targets, awsManaged: true }))
  }
  for (const s of spec.scps ?? []) scps.push(scp(s))
  return {
    organization: ok({ id: ORG_ID, arn: `arn:aws:organizations::${MANAGEMENT_ID}:organization/${ORG_ID}`, managementAccountId: MANAGEMENT_ID, featureSet: spec.featureSet ?? 'ALL' }),
    roots: ok([
      {
        id: ROOT_ID,
        name: 'Root',
        arn: `arn:aws:organizations::${MANAGEMENT_ID}:root/${ORG_ID}/${ROOT_ID}`,
        policyTypes: spec.scpEnabled === false ? [] : [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }],
      },
    ]),
    organizationalUnits: ok(ous),
    accounts: ok(accounts),
    serviceControlPolicies: ok(scps),
    delegatedAdministrators: ok([]),
    rejectedAccounts: [],
    ...spec.override,
  }
}

export function scp(spec: ScpSpec): ServiceControlPolicy {
  const targets: Readable<PolicyTarget[]> = Array.isArray(spec.targets) || spec.targets === undefined ? ok((spec.targets ?? []).map((id) => ({ targetId: id, type: targetType(id) }))) : spec.targets
  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    arn: `arn:aws:organizations::${MANAGEMENT_ID}:policy/${ORG_ID}/service_control_policy/${spec.id}`,
    awsManaged: spec.awsManaged ?? false,
    content: spec.content ?? ok({ kind: 'parsed', document: spec.document ?? policyDocument() }),
    targets,
  }
}

/** A snapshot taken from the management account, holding the organization view. */
export function orgSnapshot(spec: OrgSpec = {}): Snapshot {
  return {
    schemaVersion: 1,
    tool: { name: 'guardrail', version: 'test' },
    partition: 'aws',
    caller: { arn: `arn:aws:iam::${MANAGEMENT_ID}:user/auditor`, accountId: MANAGEMENT_ID },
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    organization: organizationSlice(spec),
    accounts: spec.accountSnapshots ?? [accountSnapshot({ accountId: MANAGEMENT_ID })],
    apiCalls: {},
  }
}

/** An account snapshot with its security alternate contact slice. */
export function accountWithContact(accountId: string, contact: Readable<AlternateContact | null> | undefined): AccountSnapshot {
  const a = accountSnapshot({ accountId })
  if (contact !== undefined) a.account = { securityContact: contact }
  return a
}

export const securityContact = (email = 'security@example.com'): AlternateContact => ({ type: 'SECURITY', name: 'Security team', title: 'SecOps', emailAddress: email, phoneNumber: '+1-555-0100' })

export { ok, unreadable }
