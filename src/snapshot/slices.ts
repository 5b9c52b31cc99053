// The named pieces of a Snapshot that checks may declare in `requires`. One table maps each key to
// where it lives and what type it has, so the engine can gate checks on readability and a check
// reads typed data with ctx.read('iam.credentialReport').
import type {
  AccountSnapshot,
  AuthorizationDetails,
  CredentialReport,
  PasswordPolicy,
  Readable,
  ServerCertificate,
  Snapshot,
  VirtualMfaDevice,
} from './schema.js'
import type { SecurityGroup } from '../collect/regional/schema.js'
import type { AlternateContact, OrganizationSlice } from './organization.js'
import { ok as okReadable } from './readable.js'

export interface SliceTypes {
  'iam.authorizationDetails': AuthorizationDetails
  'iam.credentialReport': CredentialReport
  'iam.accountSummary': Record<string, number>
  'iam.passwordPolicy': PasswordPolicy | null
  'iam.virtualMfaDevices': VirtualMfaDevice[]
  'iam.serverCertificates': ServerCertificate[]
  'ec2.securityGroups': SecurityGroup[]
  /** The whole organization view (snapshot-level); unreadable when DescribeOrganization failed. */
  organization: OrganizationSlice
  'account.securityContact': AlternateContact | null
}
export type SliceKey = keyof SliceTypes

/**
 * Where to find a slice. `undefined` means the collector for it did not run (not "empty").
 * `region` is the region under evaluation (region-scope checks); global slices ignore it.
 */
type Locator = (account: AccountSnapshot, snapshot: Snapshot, region?: string) => Readable<unknown> | undefined

/** A per-region slice: AccountSnapshot.regional[region][key]. */
const regional =
  (key: string): Locator =>
  (a, _s, region) =>
    region === undefined ? undefined : (a.regional[region]?.[key] as Readable<unknown> | undefined)

export const SLICE_LOCATORS: Record<SliceKey, Locator> = {
  'iam.authorizationDetails': (a) => a.iam?.authorizationDetails,
  'iam.credentialReport': (a) => a.iam?.credentialReport,
  'iam.accountSummary': (a) => a.iam?.accountSummary,
  'iam.passwordPolicy': (a) => a.iam?.passwordPolicy,
  'iam.virtualMfaDevices': (a) => a.iam?.virtualMfaDevices,
  'iam.serverCertificates': (a) => a.iam?.serverCertificates,
  'ec2.securityGroups': regional('ec2.securityGroups'),
  organization: (_a, s) => {
    const org = s.organization
    if (org === undefined) return undefined
    return org.organization.kind === 'unreadable' ? org.organization : okReadable(org)
  },
  'account.securityContact': (a) => a.account?.securityContact,
}

export const SLICE_KEYS = Object.keys(SLICE_LOCATORS) as SliceKey[]

export function locateSlice(key: SliceKey, account: AccountSnapshot, snapshot: Snapshot, region?: string): Readable<unknown> | undefined {
  return SLICE_LOCATORS[key](account, snapshot, region)
}
