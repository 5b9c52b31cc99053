// findings.json: THE contract. The HTML/ISMS/CSV/JUnit renderers, CI integrations and auditors read
// this document and nothing else, so it is complete (what ran, against what, how it went, what was not
// evaluated) and stable (same snapshot + as-of → byte-identical file). Additive changes keep
// schemaVersion; removing or changing the meaning of a field bumps it.
// schema/findings.schema.json is generated from this (npm run schemas) and drift-tested.
import { z } from 'zod'
import { accountIdSchema } from '../core/ids.js'
import { SEVERITIES, STATUSES } from '../core/types.js'

export const REPORT_SCHEMA_VERSION = 1

/** How a finding compares with the baseline report (see reportFindingSchema.baseline). */
export const BASELINE_STATES = ['new', 'unchanged', 'resolved'] as const
export type BaselineState = (typeof BASELINE_STATES)[number]
export const SUPPRESSION_STATES = ['active', 'expired'] as const

const severity = z.enum(SEVERITIES)
const status = z.enum(STATUSES)
const accountId = accountIdSchema
/** framework id → control ids, e.g. { "cis-aws-3.0": ["1.10"] } */
const frameworkRefs = z.record(z.string(), z.array(z.string()))
const countsByService = z.record(z.string(), z.number().int().nonnegative())

export const reportFindingSchema = z.strictObject({
  id: z.string().describe('Stable: hash of checkId, accountId, region, resource. Same resource, same id in every run.'),
  checkId: z.string(),
  status,
  severity,
  accountId,
  region: z.string().describe("'global' for IAM and Organizations"),
  resource: z.string().describe('ARN where one exists'),
  message: z.string(),
  frameworks: frameworkRefs,
  evidence: z.record(z.string(), z.unknown()).optional().describe('The facts the verdict rests on'),
  errorCode: z.string().optional().describe("For status 'error': the AWS or internal error code"),
  muted: z
    .strictObject({
      reason: z.string(),
      owner: z.string(),
      expires: z.string(),
      suppression: z.string().optional().describe("The suppressions entry that muted it: its id, else 'entry <n>' (1-based)"),
    })
    .optional()
    .describe('Set when a suppressions entry matched: the finding keeps its status but does not count for --fail-on'),
  baseline: z
    .enum(BASELINE_STATES)
    .optional()
    .describe("With --baseline: 'new' (failing now, not failing in the baseline; or not in it at all), 'unchanged' (same status as in the baseline), 'resolved' (failing in the baseline, not failing now)"),
  firstSeen: z.string().optional().describe('With --baseline: when this finding was first seen with its current status (carried from baseline to baseline)'),
})

export const coverageErrorSchema = z.strictObject({
  checkId: z.string(),
  accountId,
  region: z.string(),
  errorCode: z.string(),
  message: z.string(),
})

const statusCounts = z.strictObject({
  pass: z.number().int().nonnegative(),
  fail: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  not_applicable: z.number().int().nonnegative(),
})
const severityCounts = z.strictObject({
  critical: z.number().int().nonnegative(),
  high: z.number().int().nonnegative(),
  medium: z.number().int().nonnegative(),
  low: z.number().int().nonnegative(),
  info: z.number().int().nonnegative(),
})

export const findingsReportSchema = z
  .strictObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    run: z.strictObject({
      command: z.enum(['scan', 'evaluate', 'merge']).describe('The command that produced this report'),
      snapshotSchemaVersion: z.number().int(),
      startedAt: z.string().describe('When collection started (from the snapshot)'),
      finishedAt: z.string().describe('When collection finished (from the snapshot)'),
      asOf: z.string().describe('The time the checks evaluated against (ages of keys, passwords …)'),
      partition: z.string(),
      caller: z.strictObject({ arn: z.string(), accountId }),
      accounts: z.array(
        z.strictObject({
          accountId,
          name: z.string().optional(),
          ouPath: z.array(z.strictObject({ id: z.string(), name: z.string() })).optional(),
          regions: z.array(z.string()),
          regionsSkipped: z.array(z.strictObject({ region: z.string(), reason: z.string() })).optional().describe('Regions not scanned in this account, and why'),
          accessible: z.boolean().describe('false when the audit role could not be assumed'),
          tags: z.record(z.string(), z.string()).optional().describe('Account tags from AWS Organizations (organization scans)'),
        }),
      ),
      regions: z.array(z.string()).describe('Union of the regions scanned'),
    }),
    apiCalls: z.strictObject({
      total: z.number().int().nonnegative(),
      byService: countsByService,
      byAccount: z.record(z.string(), countsByService).describe("Per account id; '_organization' for calls outside any account"),
    }),
    coverage: z.strictObject({
      complete: z.boolean().describe('true when every enabled check could be evaluated everywhere'),
      checksRun: z.number().int().nonnegative(),
      checksDisabled: z.array(z.string()),
      checksSkipped: z
        .array(z.strictObject({ checkId: z.string(), reason: z.string() }))
        .describe('Enabled checks that did not apply to this kind of scan (e.g. organization checks in a single-account scan)'),
      errors: z.array(coverageErrorSchema).describe('Checks that could not be evaluated, and why'),
      regionsSkipped: z
        .array(z.strictObject({ region: z.string(), reason: z.string(), accounts: z.number().int().positive() }))
        .describe("Regions not scanned, and in how many accounts (e.g. 'not opted in': the account has not enabled the region, so nothing there can run)"),
    }),
    summary: z.strictObject({
      findings: z.number().int().nonnegative(),
      byStatus: statusCounts,
      failuresBySeverity: severityCounts,
      byCheck: z.record(z.string(), statusCounts).describe('Status counts per check id'),
      muted: z.number().int().nonnegative().optional().describe('With suppressions: findings muted by an active entry (they keep their status; muted failures are not in failuresBySeverity)'),
    }),
    selection: z
      .strictObject({
        checks: z.array(z.string()).optional(),
        excludeChecks: z.array(z.string()).optional(),
        framework: z.string().optional().describe("e.g. 'cis-aws-3.0' or 'cis-aws-3.0:1.10'"),
        minSeverity: severity.optional(),
      })
      .optional()
      .describe('The check selection (--checks, --exclude-checks, --framework, --min-severity) this report was narrowed to'),
    suppressions: z
      .strictObject({
        file: z.string(),
        entries: z.array(
          z.strictObject({
            suppression: z.string().describe("The entry's id, else 'entry <n>' (1-based)"),
            reason: z.string(),
            owner: z.string(),
            expires: z.string(),
            state: z.enum(SUPPRESSION_STATES).describe("'expired' entries no longer mute"),
            matched: z.number().int().nonnegative().describe('Findings it matched (for expired entries: would have matched). 0 means the entry is unused'),
          }),
        ),
      })
      .optional()
      .describe('The suppressions file applied, and how each entry fared'),
    baseline: z
      .strictObject({
        file: z.string(),
        asOf: z.string().describe("The baseline report's run.asOf"),
        counts: z.strictObject({ new: z.number().int().nonnegative(), unchanged: z.number().int().nonnegative(), resolved: z.number().int().nonnegative() }),
        newFailuresBySeverity: severityCounts.describe('Unmuted failing findings marked new: what --new-only gates on'),
        gone: z
          .array(
            z.strictObject({
              id: z.string(),
              checkId: z.string(),
              status: status,
              severity,
              accountId,
              region: z.string(),
              resource: z.string(),
              message: z.string(),
            }),
          )
          .describe('Findings that were failing in the baseline and are not in this report at all (resource deleted, account left): resolved too'),
      })
      .optional()
      .describe('The comparison with --baseline'),
    checks: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        severity,
        enabled: z.boolean(),
        scope: z.enum(['account', 'region', 'organization']),
        frameworks: frameworkRefs,
        description: z.string().optional().describe('What the check verifies'),
        rationale: z.string().optional().describe('Why it matters'),
        remediation: z.string().optional().describe('How to fix a failure'),
      }),
    ),
    frameworks: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        version: z.string(),
        url: z.string().optional(),
        controls: z
          .array(z.strictObject({ id: z.string(), title: z.string(), checks: z.array(z.string()) }))
          .optional()
          .describe('Every control of the framework; a control with no checks is manual'),
      }),
    ),
    findings: z.array(reportFindingSchema),
  })
  .describe('guardrail findings report (findings.json)')

export type FindingsReport = z.infer<typeof findingsReportSchema>
export type CoverageError = z.infer<typeof coverageErrorSchema>
