// plan.json: what `guardrail remediate apply` will do, and nothing else. The user reads the plan
// (printed by `remediate plan`, or the file itself); apply refuses a plan whose content no longer
// matches its hash, one older than the age limit, and any action whose finding no longer fails.
import { z } from 'zod'

export const PLAN_VERSION = 1

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest')

export const planActionSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/).describe('Stable: runbook, target and parameters'),
  remediationId: z.string(),
  checkId: z.string(),
  runbook: z.strictObject({ name: z.string(), owner: z.enum(['aws', 'guardrail']) }),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string(),
  parameters: z.record(z.string(), z.array(z.string())).describe('SSM Automation parameters, AutomationAssumeRole included'),
  destructive: z.boolean(),
  effect: z.string(),
  risk: z.string(),
  findings: z.array(z.strictObject({ findingId: z.string(), accountId: z.string(), region: z.string(), resource: z.string() })).min(1).describe('The failing findings this execution fixes'),
})

export const manualItemSchema = z.strictObject({
  findingId: z.string(),
  checkId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: z.string(),
  reason: z.string().describe('Why there is no automatic action for it'),
  fix: z.string().describe("The check's manual fix"),
})

export const planSchema = z
  .strictObject({
    planVersion: z.literal(PLAN_VERSION),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    createdAt: z.string().datetime().describe('When the plan was made; apply refuses plans older than the age limit'),
    source: z.strictObject({
      findings: z.string(),
      findingsSha256: sha256,
      asOf: z.string(),
      regions: z.array(z.string()).describe('The regions the scan covered: apply re-reads the state there'),
      snapshot: z.string().optional(),
    }),
    selection: z.strictObject({
      checks: z.array(z.string()).optional(),
      accounts: z.array(z.string()).optional(),
      regions: z.array(z.string()).optional(),
      includeDestructive: z.boolean(),
    }),
    automationRoleName: z.string(),
    actions: z.array(planActionSchema),
    manual: z.array(manualItemSchema),
    mutedSkipped: z.number().int().nonnegative().describe('Failing findings left alone because a suppression accepts them'),
    hash: sha256.describe('SHA-256 of the canonical JSON of every other field'),
  })
  .describe('guardrail remediation plan (plan.json)')

export type Plan = z.infer<typeof planSchema>
export type PlanAction = z.infer<typeof planActionSchema>
export type ManualItem = z.infer<typeof manualItemSchema>
