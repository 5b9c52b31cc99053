// users apply: one Automation execution per target account and region. Each one first gets the two
// user-sync documents installed (idempotently), then runs Guardrail-LinuxUserSyncAutomation, which
// runs the sync script on the instances carrying the tag at the configured rate; the script's JSON
// reports come back through the Run Command invocations and are summarised per instance.
// With users.desiredStateStore, the desired state is first handed over through S3 (once, before any
// target) and the FromS3 pair of documents runs instead, with the object's URL and SHA-256 as
// parameters (src/users/desired-state-store.ts); the association carries the same two values.
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
import { StoreCallRefusedError, type HandedOver } from './desired-state-handover.js'
import { SYNC_STEP, commandDocumentFor, syncDocuments, type SyncParameters } from './documents.js'
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
  /** users.desiredStateStore is set: writes the plan's desired state to S3 (operator's credentials) and says where. */
  handOver?: (plan: UsersPlan) => Promise<HandedOver>
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
async function ensureAssociation(ssm: SSMClient, target: UsersTarget, parameters: SyncParameters, deps: UsersApplyDeps): Promise<'created' | 'updated'> {
  const name = associationName(target)
  const existing = (await ssm.send(new ListAssociationsCommand({ AssociationFilterList: [{ key: 'AssociationName', value: name }] }))).Associations?.[0]
  // The document follows the source: switching users.desiredStateStore on or off moves the same association.
  const document = commandDocumentFor(parameters).command
  const common = { Parameters: ssmParameters(parameters), ScheduleExpression: deps.schedule, MaxConcurrency: deps.maxConcurrency, MaxErrors: deps.maxErrors, Targets: [{ Key: `tag:${target.tag.key}`, Values: [target.tag.value] }] }
  if (existing?.AssociationId) {
    await ssm.send(new UpdateAssociationCommand({ AssociationId: existing.AssociationId, Name: document, AssociationName: name, ...common }))
    return 'updated'
  }
  await ssm.send(new CreateAssociationCommand({ Name: document, AssociationName: name, ApplyOnlyAtCronInterval: false, ...common }))
  return 'created'
}

/** SSM's parameter shape: every value a one-element list. */
function ssmParameters(parameters: SyncParameters): Record<string, string[]> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, [v as string]]))
}

/** The desired state as the documents take it: gzipped JSON, base64 (the parameter is restricted to base64). */
export function encodeDesiredState(plan: UsersPlan): string {
  return gzipSync(JSON.stringify(plan.desired)).toString('base64')
}

/**
 * The output to read of one invocation: the sync step's (the report), unless it produced none because
 * an earlier step failed (the download of the desired state), whose output then says why.
 */
export function invocationOutput(plugins: readonly { Name?: string | undefined; Status?: string | undefined; Output?: string | undefined }[]): string {
  const sync = plugins.find((p) => p.Name === SYNC_STEP) ?? (plugins.length === 1 ? plugins[0] : undefined)
  if (sync?.Output && parseSyncReport(sync.Output)) return sync.Output
  const failed = plugins.filter((p) => p !== sync && p.Status === 'Failed' && p.Output)
  return failed.length > 0 ? failed.map((p) => `${p.Name ?? '?'}: ${p.Output}`).join('; ') : (sync?.Output ?? '')
}

/** One instance's Run Command result, with the script's report summarised. */
export function instanceResult(instanceId: string, status: string, output: string): InstanceResult {
  const summary = parseSyncReport(output)
  if (!summary) return { instanceId, status: status === 'Success' ? 'no-report' : 'failed', added: [], updated: [], removed: [], failed: [], conflicts: [], detail: output.slice(0, 300) }
  const state: InstanceResult['status'] = summary.refused ? 'refused' : summary.ok && status === 'Success' ? 'ok' : 'failed'
  const detail = summary.refused ?? summary.error
  return { instanceId, status: state, added: summary.added, updated: summary.updated, removed: summary.removed, failed: summary.failed, conflicts: summary.conflicts, ...(detail !== undefined ? { detail } : {}) }
}

/**
 * The documents' parameters: the inline value, or the hand-over (once, before any target: every
 * target's instances read the same object). A hand-over that fails starts no target.
 */
async function syncParameters(plan: UsersPlan, deps: UsersApplyDeps): Promise<SyncParameters | { error: string }> {
  if (!deps.handOver) return { DesiredState: encodeDesiredState(plan) }
  try {
    const handed = await deps.handOver(plan)
    deps.progress(`${handed.outcome.toUpperCase().padEnd(9)} desired state s3://${handed.bucket}/${handed.key} (SHA-256 ${handed.sha256})`)
    return { DesiredStateUrl: handed.url, DesiredStateSha256: handed.sha256 }
  } catch (err) {
    if (err instanceof RemediationCallRefusedError || err instanceof StoreCallRefusedError) throw err
    return { error: `desired state not handed over through S3, nothing started: ${errorCode(err)}: ${errorMessage(err)}` }
  }
}

export async function applyUsersPlan(plan: UsersPlan, deps: UsersApplyDeps): Promise<TargetResult[]> {
  const parameters = await syncParameters(plan, deps)
  const documents = 'error' in parameters ? [] : syncDocuments(commandDocumentFor(parameters).source)
  const results: TargetResult[] = []
  for (const target of plan.targets) {
    const where = `${target.accountId} ${target.region}`
    const result = await (async (): Promise<TargetResult> => {
      if ('error' in parameters) return { target, outcome: 'not-started', reason: parameters.error, instances: [] }
      if (deps.signal.aborted) return { target, outcome: 'not-started', reason: 'interrupted before it started', instances: [] }
      const { automation } = commandDocumentFor(parameters)
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
            DocumentName: automation,
            Parameters: {
              AutomationAssumeRole: [`arn:${deps.access.partition}:iam::${target.accountId}:role/${deps.automationRoleName}`],
              TagKey: [target.tag.key],
              TagValue: [target.tag.value],
              ...ssmParameters(parameters),
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
          for (const inv of invocations) instances.push(instanceResult(inv.InstanceId ?? '?', inv.Status ?? 'Unknown', invocationOutput(inv.CommandPlugins ?? [])))
        }
        const ok = ended.succeeded && instances.every((i) => i.status === 'ok')
        if (ok) deps.progress(`${(await ensureAssociation(ssm, target, parameters, deps)).toUpperCase().padEnd(9)} association ${associationName(target)} (${deps.schedule}, new instances at boot) in ${where}`)
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
      ...(!('error' in parameters) && 'DesiredStateUrl' in parameters ? { desiredState: { url: parameters.DesiredStateUrl, sha256: parameters.DesiredStateSha256 } } : {}),
      instances: result.instances.map((i) => ({ instanceId: i.instanceId, status: i.status, added: i.added.length, updated: i.updated.length, removed: i.removed.length, failed: i.failed.length })),
    })
    for (const i of result.instances) {
      deps.progress(`  ${i.instanceId}: ${i.status}${i.added.length ? `, added ${i.added.join(' ')}` : ''}${i.updated.length ? `, updated ${i.updated.join(' ')}` : ''}${i.removed.length ? `, removed ${i.removed.join(' ')}` : ''}${i.failed.length ? `, FAILED ${i.failed.join(' ')}` : ''}${i.conflicts.length ? `, conflicts ${i.conflicts.join(' ')}` : ''}${i.detail ? ` (${i.detail})` : ''}`)
    }
    results.push(result)
  }
  return results
}
