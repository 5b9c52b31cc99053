// isms.json: the ISMS report's contract (issue 9). Every control of the framework, its status, why,
// and the evidence behind it. Additive changes keep schemaVersion.
import { z } from 'zod'
import { SEVERITIES } from '../core/types.js'
import { CONTROL_STATUSES } from './control-status.js'
import { attestationSchema, exclusionSchema } from './inputs-schema.js'

export const ISMS_SCHEMA_VERSION = 1

const count = z.number().int().nonnegative()

export const ismsControlSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  group: z.string().describe("The framework's grouping: Annex A theme, CIS section, checklist part"),
  status: z.enum(CONTROL_STATUSES),
  reasons: z.array(z.string()).describe('Why this status, most important first'),
  automated: z.boolean().describe('Whether any check maps to the control'),
  prompt: z.string().optional().describe('For a manual control: what the person attesting checks and records'),
  evidence: z.strictObject({
    checks: z.array(z.string()),
    pass: count,
    fail: count.describe('Unmuted failing findings'),
    error: count,
    notApplicable: count,
    notRun: z.array(z.string()).describe('Mapped checks that did not run in the scan'),
    perCheck: z.array(z.strictObject({ checkId: z.string(), pass: count, fail: count.describe('Unmuted failing findings'), error: count, notApplicable: count })).describe('The same counts, per mapped check'),
    accounts: z.array(z.string()).describe('Accounts the mapped checks evaluated'),
    regions: z.array(z.string()),
    failing: z.array(
      z.strictObject({ findingId: z.string(), checkId: z.string(), accountId: z.string(), region: z.string(), resource: z.string(), message: z.string(), severity: z.enum(SEVERITIES) }),
    ),
    acceptedRisks: z
      .array(z.strictObject({ findingId: z.string(), checkId: z.string(), accountId: z.string(), region: z.string(), resource: z.string(), reason: z.string(), owner: z.string(), expires: z.string() }))
      .describe('Failing findings muted by a suppression: accepted risks with owner and expiry'),
  }),
  attestation: attestationSchema.optional().describe('The valid attestation that counts'),
  expiredAttestations: z.array(attestationSchema).describe('Shown, never counted'),
  exclusion: exclusionSchema.optional(),
  excludedWithFailures: z.literal(true).optional().describe('The SoA excludes the control, yet its evidence fails'),
  previousStatus: z.enum(CONTROL_STATUSES).optional().describe('With --baseline: the status in the previous isms.json (absent: the control is new to it)'),
})

export const ismsReportSchema = z
  .strictObject({
    schemaVersion: z.literal(ISMS_SCHEMA_VERSION),
    framework: z.strictObject({ id: z.string(), name: z.string(), version: z.string() }),
    source: z.strictObject({
      tool: z.strictObject({ name: z.string(), version: z.string() }),
      command: z.string(),
      asOf: z.string().describe('The findings report as-of: attestations and expiries are judged at this time'),
      accounts: count,
      regions: z.array(z.string()),
      coverageComplete: z.boolean(),
    }),
    summary: z.strictObject({ controls: count, automated: count.describe('Controls with at least one mapped check'), byStatus: z.record(z.enum(CONTROL_STATUSES), count) }),
    baseline: z
      .strictObject({
        file: z.string(),
        asOf: z.string().describe("The previous report's source as-of"),
        changed: z.array(z.strictObject({ id: z.string(), title: z.string(), from: z.enum(CONTROL_STATUSES), to: z.enum(CONTROL_STATUSES) })).describe('Controls whose status changed, in control order'),
      })
      .optional()
      .describe('With --baseline: the comparison with a previous isms.json'),
    controls: z.array(ismsControlSchema),
  })
  .describe('guardrail ISMS report (isms.json)')

export type IsmsReport = z.infer<typeof ismsReportSchema>
export type IsmsControl = z.infer<typeof ismsControlSchema>
