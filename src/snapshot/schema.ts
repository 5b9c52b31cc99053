// The Snapshot: everything a scan read, as data. Collectors produce it, checks consume it, and it is
// a file users keep as audit evidence — so it is validated with zod whenever it is read from disk.
//
// Every piece that comes from one AWS read is a `Readable<T>`: either the data, or *why* it could not
// be read (AWS error code + operation). A failed read is never recorded as "empty"; checks that need an
// unreadable piece report `error` with that code.
import { z } from 'zod'

export const SNAPSHOT_SCHEMA_VERSION = 1

// Readable<T> and its helpers live in readable.ts (so slice schemas in sibling files can use them
// without an import cycle); re-exported here so existing imports keep working.
import { awsErrorSchema, readable, ok, unreadable, type AwsError, type Readable } from './readable.js'
import { accountSettingsSliceSchema, organizationSliceSchema } from './organization.js'
export { awsErrorSchema, readable, ok, unreadable, type AwsError, type Readable }
export { accountSettingsSliceSchema, organizationSliceSchema }

// ---------------------------------------------------------------------------------------------
// IAM
// Policy documents are stored decoded (IAM returns them URL-encoded) and parsed, but otherwise as
// AWS wrote them: normalising (string vs array Action, …) is the job of src/policy helpers.
export const policyDocumentSchema = z.record(z.string(), z.unknown())
export type PolicyDocument = z.infer<typeof policyDocumentSchema>

const inlinePolicySchema = z.object({ name: z.string(), document: policyDocumentSchema })
const attachedPolicySchema = z.object({ name: z.string(), arn: z.string() })
const tagsSchema = z.record(z.string(), z.string())

export const iamUserSchema = z.object({
  name: z.string(),
  id: z.string(),
  arn: z.string(),
  path: z.string(),
  createDate: z.string(),
  groups: z.array(z.string()),
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
  permissionsBoundaryArn: z.string().optional(),
  tags: tagsSchema,
})
export type IamUser = z.infer<typeof iamUserSchema>

export const iamGroupSchema = z.object({
  name: z.string(),
  id: z.string(),
  arn: z.string(),
  path: z.string(),
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
})
export type IamGroup = z.infer<typeof iamGroupSchema>

export const iamRoleSchema = z.object({
  name: z.string(),
  id: z.string(),
  arn: z.string(),
  path: z.string(),
  createDate: z.string(),
  assumeRolePolicy: policyDocumentSchema.optional(),
  attachedPolicies: z.array(attachedPolicySchema),
  inlinePolicies: z.array(inlinePolicySchema),
  instanceProfileArns: z.array(z.string()),
  tags: tagsSchema,
})
export type IamRole = z.infer<typeof iamRoleSchema>

export const managedPolicySchema = z.object({
  name: z.string(),
  arn: z.string(),
  /** true for arn:aws:iam::aws:policy/… */
  awsManaged: z.boolean(),
  attachmentCount: z.number(),
  defaultVersionId: z.string(),
  /** Default version's document; absent only when it could not be read. */
  document: policyDocumentSchema.optional(),
})
export type ManagedPolicy = z.infer<typeof managedPolicySchema>

export const authorizationDetailsSchema = z.object({
  users: z.array(iamUserSchema),
  groups: z.array(iamGroupSchema),
  roles: z.array(iamRoleSchema),
  /**
   * Customer-managed policies, plus the AWS-managed policies that are attached to someone in
   * this account (their documents fetched once per scan and shared; see collect/iam).
   */
  policies: z.array(managedPolicySchema),
})
export type AuthorizationDetails = z.infer<typeof authorizationDetailsSchema>

const isoOrNull = z.string().nullable()
export const credentialReportKeySchema = z.object({
  slot: z.union([z.literal(1), z.literal(2)]),
  active: z.boolean(),
  /** Creation or last rotation time of the key; null when the slot was never used. */
  lastRotated: isoOrNull,
  lastUsedDate: isoOrNull,
  lastUsedRegion: isoOrNull,
  lastUsedService: isoOrNull,
})
export const credentialReportCertSchema = z.object({
  slot: z.union([z.literal(1), z.literal(2)]),
  active: z.boolean(),
  lastRotated: isoOrNull,
})
export const credentialReportUserSchema = z.object({
  user: z.string(),
  arn: z.string(),
  /** The `<root_account>` row. */
  isRoot: z.boolean(),
  userCreationTime: isoOrNull,
  /** null where the report says not_supported (the root row). */
  passwordEnabled: z.boolean().nullable(),
  passwordLastUsed: isoOrNull,
  passwordLastChanged: isoOrNull,
  mfaActive: z.boolean(),
  accessKeys: z.array(credentialReportKeySchema),
  certificates: z.array(credentialReportCertSchema),
})
export type CredentialReportUser = z.infer<typeof credentialReportUserSchema>
export type CredentialReportKey = z.infer<typeof credentialReportKeySchema>

export const credentialReportSchema = z.object({
  generatedAt: z.string(),
  users: z.array(credentialReportUserSchema),
})
export type CredentialReport = z.infer<typeof credentialReportSchema>

export const passwordPolicySchema = z.object({
  minimumPasswordLength: z.number().optional(),
  requireSymbols: z.boolean().optional(),
  requireNumbers: z.boolean().optional(),
  requireUppercaseCharacters: z.boolean().optional(),
  requireLowercaseCharacters: z.boolean().optional(),
  allowUsersToChangePassword: z.boolean().optional(),
  expirePasswords: z.boolean().optional(),
  maxPasswordAge: z.number().optional(),
  passwordReusePrevention: z.number().optional(),
  hardExpiry: z.boolean().optional(),
})
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>

export const virtualMfaDeviceSchema = z.object({
  serialNumber: z.string(),
  /** ARN of the user it is assigned to, if any (root's is arn:aws:iam::<acct>:root). */
  userArn: z.string().optional(),
  enableDate: z.string().optional(),
})
export type VirtualMfaDevice = z.infer<typeof virtualMfaDeviceSchema>

export const serverCertificateSchema = z.object({
  name: z.string(),
  arn: z.string(),
  expiration: z.string().optional(),
  uploadDate: z.string().optional(),
})
export type ServerCertificate = z.infer<typeof serverCertificateSchema>

export const iamSliceSchema = z.object({
  authorizationDetails: readable(authorizationDetailsSchema),
  credentialReport: readable(credentialReportSchema),
  /** GetAccountSummary's SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, …). */
  accountSummary: readable(z.record(z.string(), z.number())),
  /** null = the account has no password policy (NoSuchEntity), which is a finding, not an error. */
  passwordPolicy: readable(passwordPolicySchema.nullable()),
  virtualMfaDevices: readable(z.array(virtualMfaDeviceSchema)),
  serverCertificates: readable(z.array(serverCertificateSchema)),
})
export type IamSlice = z.infer<typeof iamSliceSchema>

// ---------------------------------------------------------------------------------------------
// Organization (management-account view). Filled by the organization collector; absent in a
// single-account scan. Its schema lives in organization.ts.

// ---------------------------------------------------------------------------------------------
// One account.
export const accountSnapshotSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits'),
  name: z.string().optional(),
  /** OU path from the root, e.g. [{id:'r-ab12',name:'Root'},{id:'ou-…',name:'Workloads'}]. */
  ouPath: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Regions scanned in this account. */
  regions: z.array(z.string()),
  collectedAt: z.string(),
  /**
   * Could we get in at all? Unreadable when the audit role could not be assumed: then every check
   * for this account is `error` with that code.
   */
  access: readable(z.object({ roleArn: z.string().optional() })),
  iam: iamSliceSchema.optional(),
  /** Account-level settings from the Account Management API (alternate contacts). */
  account: accountSettingsSliceSchema.optional(),
  /** Per-region slices (logging, detection, EC2, SSM …), keyed by region. Filled by later collectors. */
  regional: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Other account-level slices added by later collectors (alternate contacts, …). */
  extra: z.record(z.string(), z.unknown()).default({}),
  /** API calls made for this account, by service. */
  apiCalls: z.record(z.string(), z.number()),
})
export type AccountSnapshot = z.infer<typeof accountSnapshotSchema>

export const snapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  partition: z.string().default('aws'),
  caller: z.object({ arn: z.string(), accountId: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  organization: organizationSliceSchema.optional(),
  accounts: z.array(accountSnapshotSchema),
  /** Calls made outside any one account (STS identity, Organizations discovery), by service. */
  apiCalls: z.record(z.string(), z.number()).default({}),
})
export type Snapshot = z.infer<typeof snapshotSchema>
