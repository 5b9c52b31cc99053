// guardrail.config.yaml: the facts and preferences of one organization that no API states.
// Strict everywhere: an unknown key is almost always a typo, and a silently ignored typo in an audit
// tool means a check runs with the wrong settings. schema/guardrail.config.schema.json is generated
// from this (npm run schemas) so editors can complete and validate the file.
import { z } from 'zod'
import { checkOverrideSchema, orgSettingsSchema } from '../rules/schema.js'
import { SEVERITIES } from '../core/types.js'

import { accountIdSchema, regionSchema, roleNameSchema, sessionNameSchema } from '../core/ids.js'
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
  })
  .describe('guardrail configuration (guardrail.config.yaml)')

export type GuardrailConfig = z.infer<typeof configSchema>
export type ScanSettings = z.infer<typeof scanSettingsSchema>
export type AuditRole = z.infer<typeof auditRoleSchema>
