// The Organization slice: what the management (or a delegated administrator) account sees of the
// organization — its shape, the OU tree, the accounts, the service control policies and where each
// is attached. Filled by src/collect/organization.ts; absent in a single-account scan.
//
// Every piece that comes from one read (or one family of reads that only makes sense whole, such as
// the OU tree) is Readable<T>: if the read fails, the checks that need it report `error` with that
// AWS code instead of deciding on a partial picture.
import { z } from 'zod'
import { readable } from './readable.js'
import { defineSlices } from './slice-spec.js'
import { trailSchema } from './cloudtrail.js'
import { regionMonitoringSchema } from './monitoring.js'

export const featureSetSchema = z.enum(['ALL', 'CONSOLIDATED_BILLING'])

export const organizationInfoSchema = z.object({
  id: z.string(),
  arn: z.string(),
  managementAccountId: z.string(),
  /** ALL = all features (SCPs possible); CONSOLIDATED_BILLING = billing only. */
  featureSet: featureSetSchema,
})
export type OrganizationInfo = z.infer<typeof organizationInfoSchema>

export const orgRootSchema = z.object({
  id: z.string(),
  name: z.string(),
  arn: z.string(),
  /** Policy types enabled on the root; SCPs apply only when SERVICE_CONTROL_POLICY is ENABLED. */
  policyTypes: z.array(z.object({ type: z.string(), status: z.string() })),
})
export type OrgRoot = z.infer<typeof orgRootSchema>

export const organizationalUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  arn: z.string(),
  /** Id of the parent root or OU. */
  parentId: z.string(),
})
export type OrganizationalUnit = z.infer<typeof organizationalUnitSchema>

export const orgAccountSchema = z.object({
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  email: z.string(),
  /** ACTIVE | SUSPENDED | PENDING_CLOSURE (kept as a string: AWS adds states). */
  status: z.string(),
  joinedMethod: z.string().optional(),
  joinedAt: z.string().optional(),
  /** Id of the parent root or OU. */
  parentId: z.string(),
  /** ListTagsForResource, one call per account. */
  tags: readable(z.record(z.string(), z.string())),
})
export type OrgAccount = z.infer<typeof orgAccountSchema>

/**
 * A policy document as DescribePolicy returned it: parsed JSON, or — for content that is not a
 * JSON object — a marker with the reason and a bounded excerpt, so hostile or broken content is
 * visible as such and never crashes the scan or reads as "no statements".
 */
export const policyContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('parsed'), document: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('unparseable'), problem: z.string(), excerpt: z.string() }),
])
export type PolicyContent = z.infer<typeof policyContentSchema>

export const policyTargetSchema = z.object({
  targetId: z.string(),
  type: z.enum(['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']),
  name: z.string().optional(),
})
export type PolicyTarget = z.infer<typeof policyTargetSchema>

export const serviceControlPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  arn: z.string(),
  description: z.string().optional(),
  /** AWS-managed (FullAWSAccess) rather than written by the organization. */
  awsManaged: z.boolean(),
  /** DescribePolicy. */
  content: readable(policyContentSchema),
  /** ListTargetsForPolicy: the roots, OUs and accounts the policy is attached to. */
  targets: readable(z.array(policyTargetSchema)),
})
export type ServiceControlPolicy = z.infer<typeof serviceControlPolicySchema>

export const delegatedAdministratorSchema = z.object({
  accountId: z.string(),
  name: z.string().optional(),
  delegatedAt: z.string().optional(),
})
export type DelegatedAdministrator = z.infer<typeof delegatedAdministratorSchema>

/**
 * The organization trails, read once per scan in the account the scan starts from (the management
 * account, where organization trails live): a member account with no trail of its own is covered by
 * them, and its checks name the trail and its account. With them, the monitoring slices of each
 * region an organization trail delivers CloudWatch Logs to (the CIS 4.x alarms of a member are the
 * ones on the organization trail's log group).
 */
export const organizationTrailsSchema = z.object({
  /** The account the trails were read in. */
  accountId: z.string(),
  /** Organization trails only (IsOrganizationTrail), with status, selectors and bucket logging. */
  trails: z.array(trailSchema),
  monitoring: z.array(regionMonitoringSchema),
})
export type OrganizationTrails = z.infer<typeof organizationTrailsSchema>

export const organizationSliceSchema = z.object({
  /** DescribeOrganization. Unreadable outside an organization (AWSOrganizationsNotInUseException). */
  organization: readable(organizationInfoSchema),
  /** ListRoots. */
  roots: readable(z.array(orgRootSchema)),
  /** ListOrganizationalUnitsForParent, walked from every root (the whole tree or nothing). */
  organizationalUnits: readable(z.array(organizationalUnitSchema)),
  /** ListAccountsForParent for the roots and every OU (gives each account's parent). */
  accounts: readable(z.array(orgAccountSchema)),
  /** ListPolicies(SERVICE_CONTROL_POLICY), each with DescribePolicy and ListTargetsForPolicy. */
  serviceControlPolicies: readable(z.array(serviceControlPolicySchema)),
  /** ListDelegatedAdministrators. */
  delegatedAdministrators: readable(z.array(delegatedAdministratorSchema)),
  /**
   * Accounts Organizations listed with an id that is not 12 digits. An id becomes a file name and
   * terminal text, so such an account is never scanned; it is kept here (JSON-escaped, cut to 80
   * characters) and reported, instead of disappearing silently.
   */
  rejectedAccounts: z.array(z.object({ id: z.string(), parentId: z.string(), reason: z.string() })).default([]),
  /** Absent in snapshots from before it was collected: then members are judged on their own trails. */
  organizationTrails: readable(organizationTrailsSchema).optional(),
})
export type OrganizationSlice = z.infer<typeof organizationSliceSchema>

// ---------------------------------------------------------------------------------------------
// Account-level settings read through the Account Management API (one account at a time).
export const alternateContactSchema = z.object({
  /** BILLING | OPERATIONS | SECURITY */
  type: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  emailAddress: z.string().optional(),
  phoneNumber: z.string().optional(),
})
export type AlternateContact = z.infer<typeof alternateContactSchema>

/** The Account Management slices, as the catalogue (catalogue.ts) lists them. */
export const ACCOUNT_SLICES = defineSlices({
  /** account:GetAlternateContact(SECURITY); null = no security contact is set (a finding, not an error). */
  'account.securityContact': { scope: 'global', schema: alternateContactSchema.nullable() },
})

// ---------------------------------------------------------------------------------------------
// Navigation helpers (pure): used by the collector to fill AccountSnapshot.ouPath and by the SCP
// evaluation to walk root → OUs → account.

// Lookups by id, built once per list: checks ask for the path of every account, and rebuilding the
// maps each time made that quadratic in the size of the organization.
const indexes = new WeakMap<readonly { id: string }[], Map<string, unknown>>()
function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  let index = indexes.get(items)
  if (!index) {
    index = new Map(items.map((item) => [item.id, item]))
    indexes.set(items, index)
  }
  return index as Map<string, T>
}

export interface OrgNode {
  kind: 'root' | 'ou'
  id: string
  name: string
}

/**
 * The path from the root down to the account's parent (root first), or undefined when the account or
 * one of its ancestors is not in the data (or the parent links loop, which AWS never produces but a
 * hand-edited snapshot might).
 */
export function ouPathOf(accountId: string, accounts: readonly OrgAccount[], ous: readonly OrganizationalUnit[], roots: readonly OrgRoot[]): OrgNode[] | undefined {
  const account = byId(accounts).get(accountId)
  if (!account) return undefined
  const ouById = byId(ous)
  const rootById = byId(roots)
  const path: OrgNode[] = []
  const seen = new Set<string>()
  let parentId = account.parentId
  for (;;) {
    if (seen.has(parentId)) return undefined
    seen.add(parentId)
    const root = rootById.get(parentId)
    if (root) {
      path.unshift({ kind: 'root', id: root.id, name: root.name })
      return path
    }
    const ou = ouById.get(parentId)
    if (!ou) return undefined
    path.unshift({ kind: 'ou', id: ou.id, name: ou.name })
    parentId = ou.parentId
  }
}
