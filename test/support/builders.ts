// Typed fixture builders: small, readable snapshots for check tests (no SDK, no mocks).
import {
  ok,
  unreadable,
  type AccountSnapshot,
  type AuthorizationDetails,
  type CredentialReportUser,
  type IamGroup,
  type IamRole,
  type IamSlice,
  type IamUser,
  type ManagedPolicy,
  type PasswordPolicy,
  type Readable,
  type ServerCertificate,
  type Snapshot,
  type VirtualMfaDevice,
} from '../../src/snapshot/schema.js'

export const ACCOUNT_ID = '111111111111'
export const NOW = new Date('2026-06-01T00:00:00Z')

export const daysAgo = (days: number, from: Date = NOW): string => new Date(from.getTime() - days * 86_400_000).toISOString()
export const arnOfUser = (name: string, accountId = ACCOUNT_ID) => `arn:aws:iam::${accountId}:user/${name}`
export const arnOfRole = (name: string, accountId = ACCOUNT_ID) => `arn:aws:iam::${accountId}:role/${name}`
export const rootArn = (accountId = ACCOUNT_ID) => `arn:aws:iam::${accountId}:root`

export { ok, unreadable }
export const denied = (operation = 'iam:Operation'): Readable<never> =>
  unreadable({ code: 'AccessDenied', message: 'User is not authorized', operation })

export interface KeySpec {
  active?: boolean
  ageDays?: number
  lastUsedDaysAgo?: number | null
}

export interface UserSpec {
  name: string
  password?: boolean
  mfa?: boolean
  createdDaysAgo?: number
  passwordLastUsedDaysAgo?: number | null
  keys?: KeySpec[]
  groups?: string[]
  attachedPolicies?: { name: string; arn: string }[]
  inlinePolicies?: { name: string; document: Record<string, unknown> }[]
  tags?: Record<string, string>
  /** Days since the console password was set (defaults to the user's creation). */
  passwordLastChangedDaysAgo?: number
  permissionsBoundaryArn?: string
}

/** A user as it appears in both the credential report and the authorization details. */
export function user(spec: UserSpec): UserSpec {
  return spec
}

export function credentialRow(spec: UserSpec, accountId = ACCOUNT_ID): CredentialReportUser {
  const created = daysAgo(spec.createdDaysAgo ?? 400)
  const keys = (spec.keys ?? []).slice(0, 2)
  return {
    user: spec.name,
    arn: arnOfUser(spec.name, accountId),
    isRoot: false,
    userCreationTime: created,
    passwordEnabled: spec.password ?? false,
    passwordLastUsed: spec.password && spec.passwordLastUsedDaysAgo != null ? daysAgo(spec.passwordLastUsedDaysAgo) : null,
    passwordLastChanged: spec.password ? (spec.passwordLastChangedDaysAgo != null ? daysAgo(spec.passwordLastChangedDaysAgo) : created) : null,
    mfaActive: spec.mfa ?? false,
    accessKeys: ([1, 2] as const).map((slot) => {
      const k = keys[slot - 1]
      return {
        slot,
        active: k ? (k.active ?? true) : false,
        lastRotated: k ? daysAgo(k.ageDays ?? 10) : null,
        lastUsedDate: k && k.lastUsedDaysAgo != null ? daysAgo(k.lastUsedDaysAgo) : null,
        lastUsedRegion: k && k.lastUsedDaysAgo != null ? 'eu-west-1' : null,
        lastUsedService: k && k.lastUsedDaysAgo != null ? 'sts' : null,
      }
    }),
    certificates: [
      { slot: 1, active: false, lastRotated: null },
      { slot: 2, active: false, lastRotated: null },
    ],
  }
}

export interface RootSpec {
  mfa?: boolean
  passwordLastUsedDaysAgo?: number | null
  keys?: KeySpec[]
}

export function rootRow(spec: RootSpec = {}, accountId = ACCOUNT_ID): CredentialReportUser {
  const row = credentialRow({ name: '<root_account>', keys: spec.keys, mfa: spec.mfa ?? true, password: true, passwordLastUsedDaysAgo: spec.passwordLastUsedDaysAgo ?? null }, accountId)
  return { ...row, arn: rootArn(accountId), isRoot: true, passwordEnabled: null, passwordLastChanged: null }
}

export function iamUser(spec: UserSpec, accountId = ACCOUNT_ID): IamUser {
  return {
    name: spec.name,
    id: `AIDA${spec.name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
    arn: arnOfUser(spec.name, accountId),
    path: '/',
    createDate: daysAgo(spec.createdDaysAgo ?? 400),
    groups: spec.groups ?? [],
    attachedPolicies: spec.attachedPolicies ?? [],
    inlinePolicies: spec.inlinePolicies ?? [],
    tags: spec.tags ?? {},
    ...(spec.permissionsBoundaryArn ? { permissionsBoundaryArn: spec.permissionsBoundaryArn } : {}),
  }
}

export function group(name: string, extra: Partial<IamGroup> = {}, accountId = ACCOUNT_ID): IamGroup {
  return { name, id: `AGPA${name.toUpperCase()}`, arn: `arn:aws:iam::${accountId}:group/${name}`, path: '/', attachedPolicies: [], inlinePolicies: [], ...extra }
}

export function role(name: string, extra: Partial<IamRole> = {}, accountId = ACCOUNT_ID): IamRole {
  return { name, id: `AROA${name.toUpperCase()}`, arn: arnOfRole(name, accountId), path: '/', createDate: daysAgo(100), attachedPolicies: [], inlinePolicies: [], instanceProfileArns: [], tags: {}, ...extra }
}

export function managedPolicy(name: string, document: Record<string, unknown>, extra: Partial<ManagedPolicy> = {}, accountId = ACCOUNT_ID): ManagedPolicy {
  const awsManaged = extra.awsManaged ?? false
  return {
    name,
    arn: awsManaged ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${accountId}:policy/${name}`,
    awsManaged,
    attachmentCount: 1,
    defaultVersionId: 'v1',
    document,
    ...extra,
  }
}

export const STRONG_PASSWORD_POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  passwordReusePrevention: 24,
  allowUsersToChangePassword: true,
}

export interface AccountSpec {
  accountId?: string
  users?: UserSpec[]
  root?: RootSpec
  groups?: IamGroup[]
  roles?: IamRole[]
  policies?: ManagedPolicy[]
  passwordPolicy?: Readable<PasswordPolicy | null>
  accountSummary?: Readable<Record<string, number>>
  virtualMfaDevices?: Readable<VirtualMfaDevice[]>
  serverCertificates?: Readable<ServerCertificate[]>
  credentialReport?: Readable<{ generatedAt: string; users: CredentialReportUser[] }>
  authorizationDetails?: Readable<AuthorizationDetails>
  regions?: string[]
}

/** One account's snapshot; any slice not given is a sensible compliant default. */
export function accountSnapshot(spec: AccountSpec = {}): AccountSnapshot {
  const accountId = spec.accountId ?? ACCOUNT_ID
  const users = spec.users ?? []
  const iam: IamSlice = {
    authorizationDetails:
      spec.authorizationDetails ??
      ok({ users: users.map((u) => iamUser(u, accountId)), groups: spec.groups ?? [], roles: spec.roles ?? [], policies: spec.policies ?? [] }),
    credentialReport:
      spec.credentialReport ?? ok({ generatedAt: NOW.toISOString(), users: [rootRow(spec.root, accountId), ...users.map((u) => credentialRow(u, accountId))] }),
    accountSummary: spec.accountSummary ?? ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: users.length }),
    passwordPolicy: spec.passwordPolicy ?? ok(STRONG_PASSWORD_POLICY),
    virtualMfaDevices: spec.virtualMfaDevices ?? ok([]),
    serverCertificates: spec.serverCertificates ?? ok([]),
  }
  return {
    accountId,
    regions: spec.regions ?? ['eu-west-1'],
    collectedAt: NOW.toISOString(),
    access: ok({}),
    iam,
    regional: {},
    extra: {},
    apiCalls: {},
  }
}

/** A whole snapshot around one or more accounts. */
export function snapshot(...accounts: AccountSnapshot[]): Snapshot {
  const first = accounts[0]?.accountId ?? ACCOUNT_ID
  return {
    schemaVersion: 1,
    tool: { name: 'guardrail', version: 'test' },
    partition: 'aws',
    caller: { arn: `arn:aws:iam::${first}:user/auditor`, accountId: first },
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    accounts,
    apiCalls: {},
  }
}

/** Shorthand: a snapshot of a single account built from a spec. */
export const account = (spec: AccountSpec = {}): Snapshot => snapshot(accountSnapshot(spec))

/** A credential report as moto produces it: user rows only, no `<root_account>` row. */
export function reportWithoutRoot(users: UserSpec[], accountId = ACCOUNT_ID): Readable<{ generatedAt: string; users: CredentialReportUser[] }> {
  return ok({ generatedAt: NOW.toISOString(), users: users.map((u) => credentialRow(u, accountId)) })
}

/** A server certificate that expires `expiresInDays` from NOW (negative: already expired). */
export function serverCertificate(name: string, expiresInDays: number | undefined, accountId = ACCOUNT_ID): ServerCertificate {
  const cert: ServerCertificate = { name, arn: `arn:aws:iam::${accountId}:server-certificate/${name}`, uploadDate: daysAgo(700) }
  if (expiresInDays !== undefined) cert.expiration = daysAgo(-expiresInDays)
  return cert
}

/** A virtual MFA device, assigned to `userArn` when given (root's is rootArn()). */
export function virtualMfaDevice(name: string, userArn?: string, accountId = ACCOUNT_ID): VirtualMfaDevice {
  const device: VirtualMfaDevice = { serialNumber: `arn:aws:iam::${accountId}:mfa/${name}` }
  if (userArn !== undefined) {
    device.userArn = userArn
    device.enableDate = daysAgo(30)
  }
  return device
}
