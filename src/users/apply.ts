// users apply: one Automation execution per target account and region. Each one first gets the two
// user-sync documents installed (idempotently), then runs Guardrail-LinuxUserSyncAutomation, which
// runs the sync script on the instances carrying the tag at the configured rate; the script's JSON
// reports come back through the Run Command invocations and are summarised per instance.
import { gzipSync } from 'node:zlib'
import { CreateAssociationCommand, ListAssociationsCommand, ListCommandInvocationsCommand, StartAutomationExecutionCommand, UpdateAssociationCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { sha256Hex } from '../remediate/canonical-json.js'
import { errorCode, errorMessage } from '../collect/isolate.js'
import type { RemediationAccess } from '../remediate/access.js'
import { clientToken } from '../remediate/apply.js'
import type { AuditLog } from '../remediate/audit-log.js'
import { automationClient, RemediationCallRefusedError } from '../remediate/automation-client.js'
import { waitForExecution } from '../remediate/execution.js'
import { installRunbook } from '../remediate/install.js'
import { parseSyncReport } from './sync-report.js'
import { SYNC_AUTOMATION_DOCUMENT, SYNC_COMMAND_DOCUMENT, syncAutomationDocument, syncCommandDocument } from './documents.js'
import type { UsersPlan, UsersTarget } from './plan.js'

export interface InstanceResult {
  instanceId: string
  status: 'ok' | 'failed' | 'refused' | 'no-report'
  added: string[]
  updated: string[]
  removed: string[]
  failed: string[]
  conflicts: string[]
  detail?: string
}

export interface TargetResult {
  target: UsersTarget
  outcome: 'succeeded' | 'failed' | 'not-started'
  executionId?: string
  reason?: string
  instances: InstanceResult[]
}

export interface UsersApplyDeps {
  access: RemediationAccess
  audit: AuditLog
  automationRoleName: string
  progress(line: string): void
  signal: AbortSignal
  sleep(ms: number): Promise<void>
  clock(): Date
  pollIntervalMs: number
  /** A sync still running after this long is reported, not waited for. */
  maxWaitMs: number
  maxConcurrency: string
  maxErrors: string
  /** State Manager schedule of the association that keeps the instances (new ones included) in sync. */
  schedule: string
}

/** One association per tag selector: its name is stable, so every apply updates the same one. */
export function associationName(target: UsersTarget): string {
  return `guardrail-user-sync-${sha256Hex(`${target.tag.key}=${target.tag.value}`).slice(0, 12)}`
}

/**
 * After a successful sync, the association on the same selector gets the same desired state: State
 * Manager then runs the sync on every new instance carrying the tag as it starts, and re-applies it
 * on the schedule (reverting local drift) — nobody has to run a command for that.
 */
async function ensureAssociation(ssm: SSMClient, target: UsersTarget, desired: string, deps: UsersApplyDeps): Promise<'created' | 'updated'> {
  const name = associationName(target)
  const existing = (await ssm.send(new ListAssociationsCommand({ AssociationFilterList: [{ key: 'AssociationName', value: name }] }))).Associations?.[0]
  const common = { Parameters: { DesiredState: [desired] }, ScheduleExpression: deps.schedule, MaxConcurrency: deps.maxConcurrency, MaxErrors: deps.maxErrors, Targets: [{ Key: `tag:${target.tag.key}`, Values: [target.tag.value] }] }
  if (existing?.AssociationId) {
    await ssm.send(new UpdateAssociationCommand({ AssociationId: existing.AssociationId, Name: SYNC_COMMAND_DOCUMENT, AssociationName: name, ...common }))
    return 'updated'
  }
  await ssm.send(new CreateAssociationCommand({ Name: SYNC_COMMAND_DOCUMENT, AssociationName: name, ApplyOnlyAtCronInterval: false, ...common }))
  return 'created'
}

/** The desired state as the documents take it: gzipped JSON, base64 (the parameter is restricted to base64). */
export function encodeDesiredState(plan: UsersPlan): string {
  return gzipSync(JSON.stringify(plan.desired)).toString('base64')
}

/** One instance's Run Command result, with the script's report summarised. */
export function instanceResult(instanceId: string, status: string, output: string): InstanceResult {
  const summary = parseSyncReport(output)
  if (!summary) return { instanceId, status: status === 'Success' ? 'no-report' : 'failed', added: [], updated: [], removed: [], failed: [], conflicts: [], detail: output.slice(0, 300) }
  const state: InstanceResult['status'] = summary.refused ? 'refused' : summary.ok && status === 'Success' ? 'ok' : 'failed'
  const detail = summary.refused ?? summary.error
  return { instanceId, status: state, added: summary.added, updated: summary.updated, removed: summary.removed, failed: summary.failed, conflicts: summary.conflicts, ...(detail !== undefined ? { detail } : {}) }
}

export async function applyUsersPlan(plan: UsersPlan, deps: UsersApplyDeps): Promise<TargetResult[]> {
  const documents = [syncCommandDocument(), syncAutomationDocument()]
  const desired = encodeDesiredState(plan)
  const results: TargetResult[] = []
  for (const target of plan.targets) {
    const where = `${target.accountId} ${target.region}`
    const result = await (async (): Promise<TargetResult> => {
      if (deps.signal.aborted) return { target, outcome: 'not-started', reason: 'interrupted before it started', instances: [] }
      const entered = await deps.access.enter(target.accountId)
      if ('error' in entered) return { target, outcome: 'failed', reason: `cannot enter account ${target.accountId} with the remediation role: ${entered.error.code}: ${entered.error.message}`, instances: [] }
      const ssm = automationClient({ region: target.region, credentials: entered.session.credentials })
      try {
        for (const doc of documents) {
          const installed = await installRunbook(ssm, doc)
          if (installed.outcome !== 'unchanged') deps.progress(`${installed.outcome.toUpperCase().padEnd(9)} ${doc.name} in ${where}`)
        }
        const started = await ssm.send(
          new StartAutomationExecutionCommand({
            DocumentName: SYNC_AUTOMATION_DOCUMENT,
            Parameters: {
              AutomationAssumeRole: [`arn:${deps.access.partition}:iam::${target.accountId}:role/${deps.automationRoleName}`],
              TagKey: [target.tag.key],
              TagValue: [target.tag.value],
              DesiredState: [desired],
              MaxConcurrency: [deps.maxConcurrency],
              MaxErrors: [deps.maxErrors],
            },
            ClientToken: clientToken(plan.hash, `${where} ${target.tag.key}=${target.tag.value}`),
          }),
        )
        const executionId = started.AutomationExecutionId!
        deps.progress(`STARTED   user sync on instances tagged ${target.tag.key}=${target.tag.value} in ${where} (execution ${executionId})`)
        const ended = await waitForExecution(ssm, executionId, { signal: deps.signal, sleep: deps.sleep, now: () => deps.clock().getTime(), pollIntervalMs: deps.pollIntervalMs, maxWaitMs: deps.maxWaitMs })
        if (!ended.ended) return { target, outcome: 'failed', executionId, reason: `${ended.why === 'interrupted' ? 'interrupted' : 'still running'} while ${ended.status}; the sync goes on in AWS`, instances: [] }
        const instances: InstanceResult[] = []
        const commandId = ended.outputs['SyncUsers.CommandId']?.[0]
        if (commandId) {
          const invocations = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true }))).CommandInvocations ?? []
          for (const inv of invocations) instances.push(instanceResult(inv.InstanceId ?? '?', inv.Status ?? 'Unknown', inv.CommandPlugins?.[0]?.Output ?? ''))
        }
        const ok = ended.succeeded && instances.every((i) => i.status === 'ok')
        if (ok) deps.progress(`${(await ensureAssociation(ssm, target, desired, deps)).toUpperCase().padEnd(9)} association ${associationName(target)} (${deps.schedule}, new instances at boot) in ${where}`)
        return { target, outcome: ok ? 'succeeded' : 'failed', executionId, ...(ok ? {} : { reason: ended.failureMessage ?? `${instances.filter((i) => i.status !== 'ok').length} instance(s) did not sync` }), instances }
      } catch (err) {
        if (err instanceof RemediationCallRefusedError) throw err
        return { target, outcome: 'failed', reason: `${errorCode(err)}: ${errorMessage(err)}`, instances: [] }
      } finally {
        ssm.destroy()
      }
    })()
    deps.audit.write({
      event: 'users-sync',
      planHash: plan.hash,
      accountId: target.accountId,
      region: target.region,
      outcome: result.outcome,
      ...(result.executionId ? { executionId: result.executionId } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      instances: result.instances.map((i) => ({ instanceId: i.instanceId, status: i.status, added: i.added.length, updated: i.updated.length, removed: i.removed.length, failed: i.failed.length })),
    })
    for (const i of result.instances) {
      deps.progress(`  ${i.instanceId}: ${i.status}${i.added.length ? `, added ${i.added.join(' ')}` : ''}${i.updated.length ? `, updated ${i.updated.join(' ')}` : ''}${i.removed.length ? `, removed ${i.removed.join(' ')}` : ''}${i.failed.length ? `, FAILED ${i.failed.join(' ')}` : ''}${i.conflicts.length ? `, conflicts ${i.conflicts.join(' ')}` : ''}${i.detail ? ` (${i.detail})` : ''}`)
    }
    results.push(result)
  }
  return results
}
