// Shapes of the IAM slices (global, one set per account). Policy documents are stored decoded (IAM
// returns them URL-encoded) and parsed, but otherwise as AWS wrote them: normalising (string vs array
// Action, …) is the job of src/policy helpers.
import { z } from 'zod'
import { defineSlices } from './slice-spec.js'

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
  permissionsBoundaryArn: z.string().optional(),
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


/** The IAM slices, as the catalogue (catalogue.ts) lists them. */
export const IAM_SLICES = defineSlices({
  'iam.authorizationDetails': { scope: 'global', schema: authorizationDetailsSchema },
  'iam.credentialReport': { scope: 'global', schema: credentialReportSchema },
  /** GetAccountSummary's SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, …). */
  'iam.accountSummary': { scope: 'global', schema: z.record(z.string(), z.number()) },
  /** null = the account has no password policy (NoSuchEntity), which is a finding, not an error. */
  'iam.passwordPolicy': { scope: 'global', schema: passwordPolicySchema.nullable() },
  'iam.virtualMfaDevices': { scope: 'global', schema: z.array(virtualMfaDeviceSchema) },
  'iam.serverCertificates': { scope: 'global', schema: z.array(serverCertificateSchema) },
})
