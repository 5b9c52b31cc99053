// remediate apply: the reviewed plan's actions, each as one SSM Automation execution in its target
// account and region. Per action, in order:
//   enter the account (remediation role) → for a guardrail runbook, check the installed document is
//   the one in the repo → re-read the state the check depends on, and go on only if a finding still
//   fails → wait for the start rate → StartAutomationExecution (AutomationAssumeRole from the plan;
//   an idempotency token from the plan hash and action id, so re-running a plan never starts an
//   execution twice) → follow it until it ends.
// At most `concurrency` actions run at once. When `signal` aborts (Ctrl-C), no action starts any
// more; executions already running are reported in flight with their ids, not waited for.
// Every action ends in exactly one audit line.
import { StartAutomationExecutionCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { errorCode, errorMessage } from '../collect/isolate.js'
import type { RuleSet } from '../rules/load.js'
import type { RemediationAccess } from './access.js'
import type { ActionOutcome, AuditLog } from './audit-log.js'
import { automationClient, RemediationCallRefusedError } from './automation-client.js'
import { sha256Hex } from './canonical-json.js'
import type { Plan, PlanAction } from './plan-schema.js'
import { waitForExecution } from './execution.js'
import { installedRunbookContent } from './install.js'
import { recheckFindings, type RecheckVerdict } from './recheck.js'
import type { OwnRunbook } from './runbooks.js'

export interface ActionResult {
  action: PlanAction
  outcome: ActionOutcome
  executionId?: string
  reason?: string
}

export interface ApplyDeps {
  access: RemediationAccess
  ruleSet: RuleSet
  ownRunbooks: readonly OwnRunbook[]
  audit: AuditLog
  /** Progress lines for the terminal. */
  progress(line: string): void
  signal: AbortSignal
  clock(): Date
  sleep(ms: number): Promise<void>
  /** Builds the Automation client (tests may count or fault it). */
  client?(region: string, credentials: Parameters<typeof automationClient>[0]['credentials']): SSMClient
}

export interface ApplyOptions {
  concurrency: number
  startsPerSecond: number
  homeRegion: string
  pollIntervalMs: number
  /** An execution still running after this long is reported in flight. */
  maxWaitMs: number
}

/** StartAutomationExecution's ClientToken must look like a UUID: one per plan and action. */
export function clientToken(planHash: string, actionId: string): string {
  const h = sha256Hex(`${planHash}:${actionId}`)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** Spaces starts out to at most `perSecond`, across all workers. */
function startGate(perSecond: number, clock: () => Date, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  const gap = 1000 / perSecond
  let next = 0
  return async () => {
    const now = clock().getTime()
    const at = Math.max(now, next)
    next = at + gap
    if (at > now) await sleep(at - now)
  }
}

export async function applyPlan(plan: Plan, deps: ApplyDeps, options: ApplyOptions): Promise<ActionResult[]> {
  const results: ActionResult[] = new Array(plan.actions.length)
  const gate = startGate(options.startsPerSecond, deps.clock, deps.sleep)
  const makeClient = deps.client ?? ((region, credentials) => automationClient({ region, credentials }))
  deps.audit.write({ event: 'apply-started', planHash: plan.hash, planFile: plan.source.findings, actions: plan.actions.length })

  const finish = (index: number, result: ActionResult): void => {
    results[index] = result
    const a = result.action
    deps.audit.write({
      event: 'action',
      planHash: plan.hash,
      actionId: a.id,
      checkId: a.checkId,
      accountId: a.accountId,
      region: a.region,
      runbook: a.runbook.name,
      findings: a.findings.map((f) => f.findingId),
      outcome: result.outcome,
      ...(result.executionId !== undefined ? { executionId: result.executionId } : {}),
      ...(result.reason !== undefined ? { reason: result.reason } : {}),
    })
    deps.progress(`${result.outcome.toUpperCase().padEnd(11)} ${a.runbook.name} in ${a.accountId} ${a.region}${result.executionId ? ` (execution ${result.executionId})` : ''}${result.reason ? `: ${result.reason}` : ''}`)
  }

  async function runAction(action: PlanAction): Promise<Omit<ActionResult, 'action'>> {
    const entered = await deps.access.enter(action.accountId)
    if ('error' in entered) return { outcome: 'failed', reason: `cannot enter account ${action.accountId} with the remediation role: ${entered.error.code}: ${entered.error.message}` }
    const ssm = makeClient(action.region, entered.session.credentials)
    try {
      if (action.runbook.owner === 'guardrail') {
        const own = deps.ownRunbooks.find((r) => r.name === action.runbook.name)
        const installed = await installedRunbookContent(ssm, action.runbook.name)
        if (!own || installed === undefined || installed.trim() !== own.content.trim()) {
          return { outcome: 'skipped', reason: `runbook ${action.runbook.name} is ${installed === undefined ? 'not installed' : 'not the version in this guardrail'} in ${action.accountId} ${action.region}: run guardrail remediate install --plan <plan.json> first` }
        }
      }
      const rule = deps.ruleSet.rules.get(action.checkId)
      if (!rule) return { outcome: 'skipped', reason: `check ${action.checkId} is not in this guardrail's checklist` }
      const verdicts = new Map<string, RecheckVerdict>()
      for (const accountId of new Set(action.findings.map((f) => f.accountId))) {
        const session = accountId === action.accountId ? entered : await deps.access.enter(accountId)
        if ('error' in session) return { outcome: 'skipped', reason: `cannot re-check in ${accountId}: ${session.error.code}` }
        const found = await recheckFindings({ session: session.session, accountId, partition: deps.access.partition, rule, ruleSet: deps.ruleSet, findings: action.findings, scannedRegions: plan.source.regions, homeRegion: options.homeRegion, now: deps.clock() })
        for (const [id, v] of found) verdicts.set(id, v)
      }
      const stillFailing = action.findings.filter((f) => verdicts.get(f.findingId)?.still === 'fail')
      if (stillFailing.length === 0) {
        const unknown = [...verdicts.values()].find((v) => v.still === 'unknown')
        return { outcome: 'skipped', reason: unknown && 'why' in unknown ? `could not re-check the finding (${unknown.why}); nothing changed` : 'the finding no longer fails (fixed meanwhile); nothing changed' }
      }
      if (deps.signal.aborted) return { outcome: 'not-started', reason: 'interrupted before it started' }
      await gate()
      if (deps.signal.aborted) return { outcome: 'not-started', reason: 'interrupted before it started' }
      const started = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: action.runbook.name, Parameters: action.parameters, ClientToken: clientToken(plan.hash, action.id) }))
      const executionId = started.AutomationExecutionId
      if (!executionId) return { outcome: 'failed', reason: 'StartAutomationExecution returned no execution id' }
      deps.progress(`STARTED     ${action.runbook.name} in ${action.accountId} ${action.region} (execution ${executionId})`)
      return await follow(ssm, executionId)
    } catch (err) {
      if (err instanceof RemediationCallRefusedError) throw err
      return { outcome: 'failed', reason: `${errorCode(err)}: ${errorMessage(err)}` }
    } finally {
      ssm.destroy()
    }
  }

  async function follow(ssm: SSMClient, executionId: string): Promise<Omit<ActionResult, 'action'>> {
    const end = await waitForExecution(ssm, executionId, { signal: deps.signal, sleep: deps.sleep, now: () => deps.clock().getTime(), pollIntervalMs: options.pollIntervalMs, maxWaitMs: options.maxWaitMs })
    if (end.ended) return end.succeeded ? { outcome: 'succeeded', executionId } : { outcome: 'failed', executionId, reason: `${end.status}${end.failureMessage ? `: ${end.failureMessage}` : ''}` }
    return end.why === 'interrupted'
      ? { outcome: 'in-flight', executionId, reason: `interrupted while ${end.status}; the execution goes on in AWS (aws ssm get-automation-execution --automation-execution-id ${executionId})` }
      : { outcome: 'in-flight', executionId, reason: `still ${end.status} after ${Math.round(options.maxWaitMs / 1000)} s` }
  }

  let nextIndex = 0
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = nextIndex++
      if (index >= plan.actions.length) return
      const action = plan.actions[index]!
      if (deps.signal.aborted) {
        finish(index, { action, outcome: 'not-started', reason: 'interrupted before it started' })
        continue
      }
      finish(index, { action, ...(await runAction(action)) })
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, plan.actions.length)) }, worker))
  const counts: Record<ActionOutcome, number> = { succeeded: 0, failed: 0, skipped: 0, 'not-started': 0, 'in-flight': 0 }
  for (const r of results) counts[r.outcome]++
  deps.audit.write({ event: 'apply-finished', planHash: plan.hash, counts, interrupted: deps.signal.aborted })
  return results
}
