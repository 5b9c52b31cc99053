// guardrail.config.yaml: the facts and preferences of one organization that no API states.
// Strict everywhere: an unknown key is almost always a typo, and a silently ignored typo in an audit
// tool means a check runs with the wrong settings. schema/guardrail.config.schema.json is generated
// from this (npm run schemas) so editors can complete and validate the file.
import { z } from 'zod'
import { checkOverrideSchema, orgSettingsSchema } from '../rules/schema.js'
import { SEVERITIES } from '../core/types.js'

import { accountIdSchema, regionSchema, roleNameSchema, sessionNameSchema } from '../core/ids.js'
import { keySourceSchema } from '../users/key-source-schema.js'
import { desiredStateStoreSchema } from '../users/desired-state-store.js'
export { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../core/ids.js'

/** `none` never fails the run on findings (report-only mode). */
export const FAIL_ON_VALUES = [...SEVERITIES, 'none'] as const
export const failOnSchema = z.enum(FAIL_ON_VALUES)
export type FailOn = z.infer<typeof failOnSchema>

export const auditRoleSchema = z.strictObject({
  /** Role assumed in every member account. */
  name: roleNameSchema.default('OrganizationAccountAccessRole').describe('Role assumed in every member account'),
  externalId: z.string().min(2).optional().describe('External id the audit role trust policy requires, if any'),
  sessionName: sessionNameSchema
    .default('guardrail-audit')
    .describe('Role session name, visible in CloudTrail'),
})

export const scanSettingsSchema = z.strictObject({
  /** Regions to scan; default: every region enabled in the account. */
  regions: z.array(regionSchema).min(1).optional().describe('Regions to scan; --regions overrides'),
  /** Accounts scanned at the same time (organization scans). */
  concurrency: z.number().int().min(1).max(256).optional().describe('Accounts scanned at the same time'),
  /** Attempts per AWS call, including the first (the SDK's adaptive retry). */
  maxAttempts: z.number().int().min(1).max(20).optional().describe('Attempts per AWS call, including the first; --max-attempts overrides'),
  auditRole: auditRoleSchema.default({ name: 'OrganizationAccountAccessRole', sessionName: 'guardrail-audit' }),
  /** Only these accounts (organization scans). */
  accounts: z.array(accountIdSchema).optional().describe('Scan only these accounts'),
  /** Only accounts under these OUs (ids ou-… or names). */
  ous: z.array(z.string().min(1)).optional().describe('Scan only accounts under these OUs (ou-… ids or names)'),
  excludeAccounts: z.array(accountIdSchema).default([]).describe('Never scan these accounts'),
})

export const remediationSettingsSchema = z.strictObject({
  roleName: roleNameSchema.default('GuardrailRemediation').describe('Role guardrail assumes in each target account to start Automation executions'),
  automationRoleName: roleNameSchema.default('GuardrailRemediation').describe('Role the executions run as (AutomationAssumeRole; default: the remediation role itself); it must trust ssm.amazonaws.com'),
  sessionName: sessionNameSchema.default('guardrail-remediate').describe('Role session name, visible in CloudTrail'),
  homeRegion: regionSchema.default('us-east-1').describe('Region where fixes of global resources (IAM, account settings) run'),
  maxPlanAgeHours: z.number().positive().max(720).default(24).describe('apply refuses a plan older than this'),
  concurrency: z.number().int().min(1).max(50).default(5).describe('Executions running at once'),
  startsPerSecond: z.number().positive().max(20).default(2).describe('Executions started per second, at most'),
  cloudTrailKmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:/, 'expected a KMS key ARN').optional().describe('cloudtrail.kms: the key trails are encrypted with'),
  securityContact: z
    .strictObject({ name: z.string().min(1), title: z.string().min(1), emailAddress: z.string().email(), phoneNumber: z.string().min(5) })
    .optional()
    .describe('org.security-contact: the SECURITY alternate contact set on accounts without one'),
})

export const DEFAULT_REMEDIATION_SETTINGS = remediationSettingsSchema.parse({})

const linuxGroupName = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a Linux group name: lower case letters, digits, _ and -, at most 32')

/** IAM groups → Linux users on EC2 instances (guardrail users plan / apply). */
export const usersSettingsSchema = z.strictObject({
  identityAccount: accountIdSchema.optional().describe('Where the IAM users and groups live; default: organization.identityAccounts[0], else the current account'),
  loginGroups: z.array(z.string().min(1)).min(1).describe('IAM groups whose members may log in (e.g. SshMembers)'),
  sudoGroups: z.array(z.string().min(1)).default([]).describe('IAM groups whose members may log in and use sudo (e.g. SshAdministrators)'),
  extraGroups: z.array(linuxGroupName).default([]).describe('Local groups every synced user is added to'),
  keySource: keySourceSchema,
  desiredStateStore: desiredStateStoreSchema.optional(),
  markerGroup: linuxGroupName.default('guardrail-users').describe('Local group marking the users guardrail manages; nobody else is ever touched'),
  uidRange: z
    .strictObject({ min: z.number().int().min(1000), max: z.number().int().max(4_294_967_294) })
    .refine((r) => r.max > r.min, 'max must be above min')
    .default({ min: 200000, max: 299999 })
    .describe('UIDs guardrail assigns (the same on every server, never reused)'),
  registry: z.string().min(1).default('guardrail-uids.json').describe('The central UID registry file (relative to the working directory); keep it with the config, e.g. in git'),
  homeOnRemove: z.enum(['keep', 'archive', 'delete']).default('archive').describe("What happens to a removed user's home"),
  maxDeleteShare: z.number().min(0).max(1).default(0.25).describe('A sync that would delete more than this share of the managed users is refused'),
  instances: z
    .array(
      z.strictObject({
        accounts: z.array(accountIdSchema).min(1).optional().describe('Default: the current account'),
        regions: z.array(regionSchema).min(1),
        tag: z.strictObject({ key: z.string().min(1), value: z.string().min(1) }).describe('Instances carrying this tag are synced'),
      }),
    )
    .min(1)
    .describe('Which instances get the users'),
  maxConcurrency: z.string().regex(/^(\d+%?)$/, "a number or a percentage, e.g. '10' or '25%'").default('25%').describe('SSM Run Command MaxConcurrency'),
  maxErrors: z.string().regex(/^(\d+%?)$/, "a number or a percentage, e.g. '1' or '10%'").default('10%').describe('SSM Run Command MaxErrors'),
  schedule: z.string().regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/, "an SSM schedule: 'rate(1 hour)' or 'cron(0 */6 * * ? *)'").default('rate(1 hour)').describe('State Manager association schedule: the last applied users are re-applied (new instances at boot, drift reverted)'),
})
export type UsersConfig = z.infer<typeof usersSettingsSchema>

/** The periodic access review (guardrail access review, check iam.access-reviewed). */
export const accessSettingsSchema = z.strictObject({
  decisions: z
    .string()
    .min(1)
    .optional()
    .describe("The reviewer's decisions file (YAML), relative to this config file; loaded once per run and given to the check iam.access-reviewed. Without it every IAM user fails that check with \"no access review recorded\""),
  reviewPeriodDays: z.number().int().min(1).max(3660).optional().describe('A decision older than this many days no longer counts as a review (default 90, from rules/baseline.yaml)'),
  ownerTags: z.array(z.string().min(1)).min(1).default(['owner']).describe("Tag keys naming an IAM user's owner, first match wins (case-insensitive)"),
})
export type AccessConfig = z.infer<typeof accessSettingsSchema>

export const configSchema = z
  .strictObject({
    /** Exit 1 when a failing finding is at or above this severity. */
    failOn: failOnSchema.optional().describe('Exit 1 when a failing finding is at or above this severity; --fail-on overrides'),
    organization: orgSettingsSchema
      .default({ identityAccounts: [], logArchiveAccounts: [], auditAccounts: [], sandboxOus: [] })
      .describe('Which accounts play which role: identity, log archive, audit; which OUs are sandboxes'),
    scan: scanSettingsSchema.default({ auditRole: { name: 'OrganizationAccountAccessRole', sessionName: 'guardrail-audit' }, excludeAccounts: [] }),
    /** Per-check overrides of rules/baseline.yaml, keyed by check id. */
    checks: z.record(z.string(), checkOverrideSchema).default({}).describe('Per-check overrides of rules/baseline.yaml, keyed by check id (see `guardrail checks`)'),
    remediation: remediationSettingsSchema.default(DEFAULT_REMEDIATION_SETTINGS).describe('guardrail remediate: roles, limits and the values some fixes need'),
    users: usersSettingsSchema.optional().describe('guardrail users: IAM groups → Linux users on EC2 instances'),
    access: accessSettingsSchema.default({ ownerTags: ['owner'] }).describe('guardrail access review: the decisions file, the review period, the owner tags'),
  })
  .describe('guardrail configuration (guardrail.config.yaml)')

export type GuardrailConfig = z.infer<typeof configSchema>
export type ScanSettings = z.infer<typeof scanSettingsSchema>
export type AuditRole = z.infer<typeof auditRoleSchema>
export type RemediationConfig = z.infer<typeof remediationSettingsSchema>
