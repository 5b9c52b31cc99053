// findings (+ snapshot lookups) → a remediation plan. Pure: no AWS, no clock (the caller passes `now`),
// so the same inputs give the same plan, and the plan is table-tested.
//
// What is planned: unmuted failing findings in the selection whose check names a remediation that can
// target them. Everything else failing is listed as manual, with the reason and the check's own fix:
// no runbook; a runbook that needs a setting not configured; a destructive fix not asked for. Muted
// findings are accepted risks and are left alone (counted). Findings that need the same execution
// (one organization trail failing for every member) become one action listing all of them.
import { globMatches } from '../core/glob.js'
import type { FindingsReport } from '../report/schema.js'
import { parseArn } from './arn.js'
import { canonicalJson, hashOfPlan, sha256Hex } from './canonical-json.js'
import { remediationById, runbooksOf, type PlanLookups, type RemediationSettings } from './catalogue.js'
import { PLAN_VERSION, type ManualItem, type Plan, type PlanAction } from './plan-schema.js'

export interface PlanSelection {
  /** Check ids or globs (iam.*). */
  checks?: readonly string[]
  accounts?: readonly string[]
  /** Finding regions ('global' for IAM). */
  regions?: readonly string[]
  includeDestructive: boolean
}

export interface BuildPlanInput {
  findings: FindingsReport
  source: Plan['source']
  selection: PlanSelection
  settings: RemediationSettings
  lookups: PlanLookups
  /** Check id → its remediationId (from the check definitions) and manual fix text. */
  checks: ReadonlyMap<string, { remediationId?: string | undefined; remediation: string }>
  tool: Plan['tool']
  now: Date
}

type Finding = FindingsReport['findings'][number]

function selected(f: Finding, s: PlanSelection): boolean {
  if (s.checks && !s.checks.some((p) => globMatches(p, f.checkId))) return false
  if (s.accounts && !s.accounts.includes(f.accountId)) return false
  if (s.regions && !s.regions.includes(f.region)) return false
  return true
}

function automationRoleArn(resource: string, accountId: string, roleName: string): string {
  const partition = parseArn(resource)?.partition ?? 'aws'
  return `arn:${partition}:iam::${accountId}:role/${roleName}`
}

/** The plan's hash: SHA-256 of the canonical JSON of every field but the hash itself. */
export function planHash(plan: Omit<Plan, 'hash'> | Plan): string {
  return hashOfPlan(plan)
}

export function buildPlan(input: BuildPlanInput): Plan {
  const { findings, selection, settings, lookups } = input
  const actions = new Map<string, PlanAction>()
  const manual: ManualItem[] = []
  let mutedSkipped = 0
  const failing = findings.findings.filter((f) => f.status === 'fail' && selected(f, selection))
  for (const f of failing) {
    if (f.muted) {
      mutedSkipped++
      continue
    }
    const check = input.checks.get(f.checkId)
    const fix = check?.remediation ?? 'See the check\'s documentation: guardrail checks show ' + f.checkId
    const item = { findingId: f.id, checkId: f.checkId, accountId: f.accountId, region: f.region, resource: f.resource }
    const remediation = check?.remediationId !== undefined ? remediationById(check.remediationId) : undefined
    if (!remediation) {
      manual.push({ ...item, reason: 'no automatic fix for this check', fix })
      continue
    }
    // plan() is pure, so it runs first: a finding no runbook can fix says why, not "destructive".
    const planned = remediation.plan({ ...item, evidence: f.evidence }, settings, lookups)
    if ('unplannable' in planned) {
      manual.push({ ...item, reason: planned.unplannable, fix })
      continue
    }
    if (remediation.destructive && !selection.includeDestructive) {
      manual.push({ ...item, reason: 'destructive — planned only with --include-destructive', fix })
      continue
    }
    const runbook = planned.runbook ?? remediation.runbook
    // Stryker disable next-line ConditionalExpression: a guard against a catalogue bug, which the catalogue test rules out
    if (!runbooksOf(remediation).includes(runbook)) throw new Error(`remediation ${remediation.id} planned runbook ${runbook}, which it does not declare`)
    const parameters = { ...planned.parameters, AutomationAssumeRole: [automationRoleArn(f.resource, planned.accountId, settings.automationRoleName)] }
    const id = sha256Hex(canonicalJson({ runbook, accountId: planned.accountId, region: planned.region, parameters })).slice(0, 16)
    const existing = actions.get(id)
    if (existing) {
      existing.findings.push({ findingId: f.id, accountId: f.accountId, region: f.region, resource: f.resource })
      continue
    }
    actions.set(id, {
      id,
      remediationId: remediation.id,
      checkId: remediation.checkId,
      runbook: { name: runbook, owner: remediation.owner },
      accountId: planned.accountId,
      region: planned.region,
      parameters,
      destructive: remediation.destructive,
      effect: remediation.effect,
      risk: remediation.risk,
      findings: [{ findingId: f.id, accountId: f.accountId, region: f.region, resource: f.resource }],
    })
  }
  const order = (a: { accountId: string; region: string; checkId: string }, b: typeof a) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.checkId.localeCompare(b.checkId)
  const body: Omit<Plan, 'hash'> = {
    planVersion: PLAN_VERSION,
    tool: input.tool,
    createdAt: input.now.toISOString(),
    source: input.source,
    selection: {
      ...(selection.checks ? { checks: [...selection.checks] } : {}),
      ...(selection.accounts ? { accounts: [...selection.accounts] } : {}),
      ...(selection.regions ? { regions: [...selection.regions] } : {}),
      includeDestructive: selection.includeDestructive,
    },
    automationRoleName: settings.automationRoleName,
    actions: [...actions.values()].sort(order),
    manual: manual.sort(order),
    mutedSkipped,
  }
  return { ...body, hash: planHash(body) }
}
