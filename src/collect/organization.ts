// The Organization slice, read from the management (or a delegated administrator) account.
//
// Calls, for an organization with O OUs, A accounts and P SCPs:
//   DescribeOrganization 1 · ListRoots 1 · ListOrganizationalUnitsForParent 1 + O (one per root/OU) ·
//   ListAccountsForParent 1 + O (gives each account's parent for free, so no ListParents) ·
//   ListTagsForResource A (the only per-account cost; tags are wanted for --ous/tag filters) ·
//   ListPolicies 1 · DescribePolicy P · ListTargetsForPolicy P (targets per policy, instead of
//   ListPoliciesForTarget per root/OU/account, which would be 1 + O + A calls) ·
//   ListDelegatedAdministrators 1.
// Every list is paginated at the largest page size the API allows.
import type { Account, Organization, OrganizationalUnit as SdkOu, PolicySummary, PolicyTargetSummary, Root } from '@aws-sdk/client-organizations'
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations'
import { collectTokenPages } from '../aws/paginate.js'
import type { AwsSession } from '../aws/session.js'
import { Limiter } from '../orchestrate/pool.js'
import {
  featureSetSchema,
  ouPathOf,
  type DelegatedAdministrator,
  type OrgAccount,
  type OrgNode,
  type OrganizationInfo,
  type OrganizationSlice,
  type OrganizationalUnit,
  type OrgRoot,
  type PolicyContent,
  type PolicyTarget,
  type ServiceControlPolicy,
} from '../snapshot/organization.js'
import { unreadable, type AwsError, type Readable } from '../snapshot/schema.js'
import { isolatedRead, tagged } from './isolate.js'
import { collectOrganizationTrails } from './organization-trails.js'
import { MalformedResponseError, optionalIsoDate, required } from './response.js'
import { isAccountId } from '../core/ids.js'

export { ouPathOf, type OrgNode }

/** Organizations' global endpoint throttles at a few calls per second; keep the fan-out modest. */
export const DEFAULT_ORGANIZATIONS_CONCURRENCY = 4

export interface CollectOrganizationOptions {
  /** Concurrent Organizations calls for the per-OU / per-account / per-policy fan-out. */
  concurrency?: number
}

const MAX_EXCERPT = 200

/** Parse DescribePolicy content; anything that is not a JSON object is kept as a marker, never thrown. */
export function parsePolicyContent(content: string | undefined): PolicyContent {
  const excerpt = (content ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_EXCERPT)
  if (content === undefined || content === '') return { kind: 'unparseable', problem: 'the policy has no content', excerpt }
  let value: unknown
  try {
    value = JSON.parse(content)
  } catch (err) {
    return { kind: 'unparseable', problem: `not valid JSON: ${(err as Error).message}`, excerpt }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'unparseable', problem: 'the content is not a JSON object', excerpt }
  return { kind: 'parsed', document: value as Record<string, unknown> }
}

function toOrganizationInfo(o: Organization | undefined): OrganizationInfo {
  const op = 'organizations:DescribeOrganization'
  const org = required(o, 'Organization', op)
  const featureSet = featureSetSchema.safeParse(org.FeatureSet)
  return {
    id: required(org.Id, 'Organization.Id', op),
    arn: required(org.Arn, 'Organization.Arn', op),
    managementAccountId: accountIdOf(required(org.MasterAccountId, 'Organization.MasterAccountId', op), 'Organization.MasterAccountId', op),
    // An unknown future feature set is treated as the restrictive one rather than rejected.
    featureSet: featureSet.success ? featureSet.data : 'CONSOLIDATED_BILLING',
  }
}

function toRoot(r: Root): OrgRoot {
  const op = 'organizations:ListRoots'
  return {
    id: required(r.Id, 'Root.Id', op),
    name: r.Name ?? 'Root',
    arn: required(r.Arn, 'Root.Arn', op),
    policyTypes: (r.PolicyTypes ?? []).map((t) => ({ type: t.Type ?? 'UNKNOWN', status: t.Status ?? 'UNKNOWN' })),
  }
}

/** The error a piece gets when an earlier read it depends on already failed. */
function dependsOn(error: AwsError, what: string): Readable<never> {
  return unreadable({ ...error, message: `not read because ${error.operation} failed (${what}): ${error.message}` })
}

/** An account id from a response, or MalformedResponse (the id would become a file name and terminal text). */
function accountIdOf(value: string, what: string, operation: string): string {
  if (!isAccountId(value)) throw new MalformedResponseError(operation, `${what} ${JSON.stringify(String(value).slice(0, 40))} is not a 12-digit account id`)
  return value
}

export async function collectOrganization(session: AwsSession, options: CollectOrganizationOptions = {}): Promise<OrganizationSlice> {
  const client = session.client('organizations')
  const limiter = new Limiter(options.concurrency ?? DEFAULT_ORGANIZATIONS_CONCURRENCY)
  const call = <T>(operation: string, send: () => Promise<T>) => limiter.run(() => tagged(`organizations:${operation}`, send()))
  // The fan-out is bounded by `call` (every Organizations request goes through the limiter).
  const mapAll = <T, R>(items: readonly T[], fn: (item: T) => Promise<R>) => Promise.all(items.map(fn))

  const organization = await isolatedRead('organizations:DescribeOrganization', async () => toOrganizationInfo((await client.send(new DescribeOrganizationCommand({}))).Organization))
  if (organization.kind === 'unreadable') {
    // Not the management account, or not in an organization: every other read would fail the same
    // way, so they are not attempted.
    const skipped = dependsOn(organization.error, 'the organization itself could not be read')
    return { organization, roots: skipped, organizationalUnits: skipped, accounts: skipped, serviceControlPolicies: skipped, delegatedAdministrators: skipped, rejectedAccounts: [] }
  }

  const rejectedAccounts: OrganizationSlice['rejectedAccounts'] = []
  const roots = await isolatedRead('organizations:ListRoots', async () => {
    const pages = await collectTokenPages((NextToken) => call('ListRoots', () => client.send(new ListRootsCommand({ NextToken }))))
    return pages.flatMap((p) => p.Roots ?? []).map(toRoot)
  })

  const listChildren = async <Item>(parentId: string, operation: 'ListOrganizationalUnitsForParent' | 'ListAccountsForParent'): Promise<Item[]> => {
    const pages = await collectTokenPages((NextToken) =>
      call(operation, () =>
        operation === 'ListOrganizationalUnitsForParent'
          ? client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken, MaxResults: 20 }))
          : client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken, MaxResults: 20 })),
      ),
    )
    return pages.flatMap((p) => ((p as { OrganizationalUnits?: Item[] }).OrganizationalUnits ?? (p as { Accounts?: Item[] }).Accounts ?? []) as Item[])
  }

  let organizationalUnits: Readable<OrganizationalUnit[]>
  let accounts: Readable<OrgAccount[]>
  if (roots.kind === 'unreadable') {
    organizationalUnits = dependsOn(roots.error, 'the roots are unknown')
    accounts = dependsOn(roots.error, 'the roots are unknown')
  } else {
    const rootIds = roots.value.map((r) => r.id)
    organizationalUnits = await isolatedRead('organizations:ListOrganizationalUnitsForParent', async () => {
      // Breadth-first over the tree, one level at a time, each level's parents fetched concurrently.
      const all: OrganizationalUnit[] = []
      let parents = rootIds
      while (parents.length > 0) {
        const children = await mapAll(parents, async (parentId) =>
          (await listChildren<SdkOu>(parentId, 'ListOrganizationalUnitsForParent')).map((o) => ({
            id: required(o.Id, 'OrganizationalUnit.Id', 'organizations:ListOrganizationalUnitsForParent'),
            name: o.Name ?? '',
            arn: o.Arn ?? '',
            parentId,
          })),
        )
        const level = children.flat()
        all.push(...level)
        parents = level.map((o) => o.id)
      }
      return all
    })
    if (organizationalUnits.kind === 'unreadable') {
      accounts = dependsOn(organizationalUnits.error, 'the OU tree is unknown')
    } else {
      const parentIds = [...rootIds, ...organizationalUnits.value.map((o) => o.id)]
      accounts = await isolatedRead('organizations:ListAccountsForParent', async () => {
        const perParent = await mapAll(parentIds, async (parentId) => (await listChildren<Account>(parentId, 'ListAccountsForParent')).map((a) => ({ a, parentId })))
        const listed = perParent.flat()
        for (const { a, parentId } of listed) {
          if (!isAccountId(a.Id)) rejectedAccounts.push({ id: JSON.stringify(String(a.Id)).slice(0, 80), parentId, reason: 'an AWS account id is 12 digits' })
        }
        return mapAll(listed.filter(({ a }) => isAccountId(a.Id)), async ({ a, parentId }) => {
          const id = required(a.Id, 'Account.Id', 'organizations:ListAccountsForParent')
          const tags = await isolatedRead('organizations:ListTagsForResource', async () => {
            const pages = await collectTokenPages((NextToken) => call('ListTagsForResource', () => client.send(new ListTagsForResourceCommand({ ResourceId: id, NextToken }))))
            return Object.fromEntries(pages.flatMap((p) => p.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
          })
          const account: OrgAccount = {
            id,
            arn: a.Arn ?? '',
            name: a.Name ?? '',
            email: a.Email ?? '',
            // `State` replaces the deprecated `Status`; older endpoints (and the emulator) send only Status.
            status: (a as { State?: string }).State ?? a.Status ?? 'UNKNOWN',
            parentId,
            tags,
          }
          if (a.JoinedMethod !== undefined) account.joinedMethod = a.JoinedMethod
          const joined = optionalIsoDate(a.JoinedTimestamp)
          if (joined !== undefined) account.joinedAt = joined
          return account
        })
      })
    }
  }

  const [serviceControlPolicies, delegatedAdministrators, organizationTrails] = await Promise.all([
    isolatedRead('organizations:ListPolicies', async () => {
      const pages = await collectTokenPages((NextToken) => call('ListPolicies', () => client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken, MaxResults: 20 }))))
      const summaries = pages.flatMap((p) => p.Policies ?? [])
      return mapAll(summaries, (s) => readPolicy(s))
    }),
    isolatedRead('organizations:ListDelegatedAdministrators', async () => {
      const pages = await collectTokenPages((NextToken) => call('ListDelegatedAdministrators', () => client.send(new ListDelegatedAdministratorsCommand({ NextToken, MaxResults: 20 }))))
      return pages.flatMap((p) => p.DelegatedAdministrators ?? []).map((d): DelegatedAdministrator => {
        const admin: DelegatedAdministrator = { accountId: d.Id ?? '' }
        if (d.Name !== undefined) admin.name = d.Name
        const at = optionalIsoDate(d.DelegationEnabledDate)
        if (at !== undefined) admin.delegatedAt = at
        return admin
      })
    }),
    collectOrganizationTrails(session, organization.value.managementAccountId),
  ])

  async function readPolicy(s: PolicySummary): Promise<ServiceControlPolicy> {
    const id = required(s.Id, 'PolicySummary.Id', 'organizations:ListPolicies')
    const [content, targets] = await Promise.all([
      isolatedRead('organizations:DescribePolicy', async () => parsePolicyContent((await call('DescribePolicy', () => client.send(new DescribePolicyCommand({ PolicyId: id })))).Policy?.Content)),
      isolatedRead('organizations:ListTargetsForPolicy', async () => {
        const pages = await collectTokenPages((NextToken) => call('ListTargetsForPolicy', () => client.send(new ListTargetsForPolicyCommand({ PolicyId: id, NextToken, MaxResults: 20 }))))
        return pages.flatMap((p) => p.Targets ?? []).map(toTarget)
      }),
    ])
    const policy: ServiceControlPolicy = { id, name: s.Name ?? id, arn: s.Arn ?? '', awsManaged: s.AwsManaged ?? false, content, targets }
    if (s.Description !== undefined && s.Description !== '') policy.description = s.Description
    return policy
  }

  return { organization, roots, organizationalUnits, accounts, serviceControlPolicies, delegatedAdministrators, rejectedAccounts, organizationTrails }
}

function toTarget(t: PolicyTargetSummary): PolicyTarget {
  const op = 'organizations:ListTargetsForPolicy'
  const type = required(t.Type, 'Target.Type', op)
  if (type !== 'ROOT' && type !== 'ORGANIZATIONAL_UNIT' && type !== 'ACCOUNT') {
    throw new Error(`${op} returned an unknown target type ${type}`)
  }
  const target: PolicyTarget = { targetId: required(t.TargetId, 'Target.TargetId', op), type }
  if (t.Name !== undefined) target.name = t.Name
  return target
}

/** Each account's OU path (root first, down to its parent), for AccountSnapshot.ouPath and --ous. */
export function accountOuPaths(slice: OrganizationSlice): Map<string, OrgNode[]> {
  const out = new Map<string, OrgNode[]>()
  if (slice.accounts.kind !== 'ok' || slice.organizationalUnits.kind !== 'ok' || slice.roots.kind !== 'ok') return out
  for (const a of slice.accounts.value) {
    const path = ouPathOf(a.id, slice.accounts.value, slice.organizationalUnits.value, slice.roots.value)
    if (path) out.set(a.id, path)
  }
  return out
}
