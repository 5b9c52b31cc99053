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

export interface SliceTypes {
  'iam.authorizationDetails': AuthorizationDetails
  'iam.credentialReport': CredentialReport
  'iam.accountSummary': Record<string, number>
  'iam.passwordPolicy': PasswordPolicy | null
  'iam.virtualMfaDevices': VirtualMfaDevice[]
  'iam.serverCertificates': ServerCertificate[]
}
export type SliceKey = keyof SliceTypes

/** Where to find a slice. `undefined` means the collector for it did not run (not "empty"). */
type Locator = (account: AccountSnapshot, snapshot: Snapshot) => Readable<unknown> | undefined

export const SLICE_LOCATORS: Record<SliceKey, Locator> = {
  'iam.authorizationDetails': (a) => a.iam?.authorizationDetails,
  'iam.credentialReport': (a) => a.iam?.credentialReport,
  'iam.accountSummary': (a) => a.iam?.accountSummary,
  'iam.passwordPolicy': (a) => a.iam?.passwordPolicy,
  'iam.virtualMfaDevices': (a) => a.iam?.virtualMfaDevices,
  'iam.serverCertificates': (a) => a.iam?.serverCertificates,
}

export const SLICE_KEYS = Object.keys(SLICE_LOCATORS) as SliceKey[]

export function locateSlice(key: SliceKey, account: AccountSnapshot, snapshot: Snapshot): Readable<unknown> | undefined {
  return SLICE_LOCATORS[key](account, snapshot)
}
