import { z } from 'zod'
import { accountIdSchema } from '../core/ids.js'
import { SEVERITIES } from '../core/types.js'

export const severitySchema = z.enum(SEVERITIES)

const checkRuleSchema = z.strictObject({
  enabled: z.boolean().default(true),
  severity: severitySchema,
  options: z.record(z.string(), z.unknown()).default({}),
})

/** rules/baseline.yaml: which checks run, at what severity, with which option values. */
export const baselineSchema = z.strictObject({
  version: z.literal(1),
  checks: z.record(z.string(), checkRuleSchema),
})
export type Baseline = z.infer<typeof baselineSchema>

/** rules/frameworks/*.yaml: one framework, control → check ids. */
export const frameworkSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
  name: z.string(),
  version: z.string(),
  url: z.string().optional(),
  /**
   * How the framework groups its controls, keyed by the first part of the control id ('5' → Annex A's
   * organizational controls, '1' → CIS section 1). The control views (guardrail isms) section by it.
   */
  groups: z.record(z.string(), z.string()).default({}),
  controls: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      /** Manual controls have no checks; the ISMS report asks for an attestation. */
      checks: z.array(z.string()).default([]),
      /** For controls no API evidences: what the person attesting checks, shown as the attestation prompt. */
      attest: z.string().optional(),
    }),
  ),
})
export type Framework = z.infer<typeof frameworkSchema>

/** Per-check overrides from the user's config file. */
export const checkOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
})
export type CheckOverride = z.infer<typeof checkOverrideSchema>

/**
 * Facts about the organization that no API states and checks need: which accounts play which role.
 * Set in guardrail.config.yaml under `organization:`.
 */
export const orgSettingsSchema = z.strictObject({
  identityAccounts: z.array(accountIdSchema).default([]),
  logArchiveAccounts: z.array(accountIdSchema).default([]),
  auditAccounts: z.array(accountIdSchema).default([]),
  /** OU ids (ou-…) or names whose accounts are sandboxes. */
  sandboxOus: z.array(z.string()).default([]),
})
export type OrgSettings = z.infer<typeof orgSettingsSchema>
export const DEFAULT_ORG_SETTINGS: OrgSettings = { identityAccounts: [], logArchiveAccounts: [], auditAccounts: [], sandboxOus: [] }
