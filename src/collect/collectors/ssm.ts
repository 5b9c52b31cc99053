// Systems Manager, per region, one isolated read per slice:
//   ssm:GetDocument SSM-SessionManagerRunShell → 'ssm.sessionPreferences' (one call)
//   ssm:DescribeInstanceInformation             → 'ssm.managedInstances'   (pages of 50, the API's largest)
// A region where nobody ever saved Session Manager preferences has no such document: GetDocument
// answers InvalidDocument, which is a fact about the region (Session Manager runs on its defaults:
// no logging, no Run As), recorded as data, never as an unreadable slice.
import { GetDocumentCommand, ListCommandInvocationsCommand, paginateDescribeInstanceInformation, type InstanceInformation, type SSMClient } from '@aws-sdk/client-ssm'
import { SYNC_COMMAND_DOCUMENT, SYNC_COMMAND_DOCUMENT_S3, SYNC_STEP } from '../../users/documents.js'
import { parseSyncReport } from '../../users/sync-report.js'
import type { Readable } from '../../snapshot/readable.js'
import { SESSION_PREFERENCES_DOCUMENT, type ManagedInstance, type SessionPreferences, type UserSyncResult } from '../../snapshot/ssm.js'
import { errorCode, isolatedRead } from '../isolate.js'
import { optionalIsoDate, required } from '../response.js'
import { parseSessionPreferences } from './ssm-preferences-document.js'

const GET_DOCUMENT = 'ssm:GetDocument'
const DESCRIBE_INSTANCE_INFORMATION = 'ssm:DescribeInstanceInformation'

/** GetDocument's answer when the document does not exist (the SSM API reference, GetDocument errors). */
const DOCUMENT_MISSING = 'InvalidDocument'

export function collectSessionPreferences(ssm: SSMClient): Promise<Readable<SessionPreferences>> {
  return isolatedRead(GET_DOCUMENT, async () => {
    let content: string | undefined
    try {
      // JSON whatever the document was written in: SSM converts a YAML document on the way out.
      const doc = await ssm.send(new GetDocumentCommand({ Name: SESSION_PREFERENCES_DOCUMENT, DocumentFormat: 'JSON' }))
      content = required(doc.Content, 'Content', GET_DOCUMENT)
    } catch (err) {
      if (errorCode(err) === DOCUMENT_MISSING) return { documentExists: false }
      throw err
    }
    return parseSessionPreferences(content)
  })
}

function managedInstance(i: InstanceInformation): ManagedInstance {
  const instance: ManagedInstance = {
    instanceId: required(i.InstanceId, 'InstanceInformationList[].InstanceId', DESCRIBE_INSTANCE_INFORMATION),
    pingStatus: required(i.PingStatus, 'InstanceInformationList[].PingStatus', DESCRIBE_INSTANCE_INFORMATION),
  }
  if (i.ResourceType) instance.resourceType = i.ResourceType
  if (i.PlatformType) instance.platformType = i.PlatformType
  if (i.AgentVersion) instance.agentVersion = i.AgentVersion
  const lastPing = optionalIsoDate(i.LastPingDateTime)
  if (lastPing) instance.lastPingDateTime = lastPing
  return instance
}

export function collectManagedInstances(ssm: SSMClient): Promise<Readable<ManagedInstance[]>> {
  return isolatedRead(DESCRIBE_INSTANCE_INFORMATION, async () => {
    const instances: ManagedInstance[] = []
    for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 50 }, {})) {
      for (const i of page.InstanceInformationList ?? []) instances.push(managedInstance(i))
    }
    return instances.sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0))
  })
}

const LIST_COMMAND_INVOCATIONS = 'ssm:ListCommandInvocations'
/** Invocations read at most (newest first): enough for the last run on a large fleet, bounded. */
const MAX_SYNC_INVOCATIONS = 5000

/**
 * The newest user-sync run on each instance: the Run Command history of both sync documents (the
 * desired state inline, or handed over through S3), newest run per instance whichever it was. The
 * script's report is the output of the step named SYNC_STEP (the S3 document downloads first).
 */
export function collectUserSyncResults(ssm: SSMClient): Promise<Readable<UserSyncResult[]>> {
  return isolatedRead(LIST_COMMAND_INVOCATIONS, async () => {
    const latest = new Map<string, UserSyncResult>()
    for (const document of [SYNC_COMMAND_DOCUMENT, SYNC_COMMAND_DOCUMENT_S3]) {
      let token: string | undefined
      let read = 0
      do {
        const page = await ssm.send(new ListCommandInvocationsCommand({ Filters: [{ key: 'DocumentName', value: document }], Details: true, MaxResults: 50, ...(token ? { NextToken: token } : {}) }))
        for (const inv of page.CommandInvocations ?? []) {
          read++
          const instanceId = inv.InstanceId
          if (!instanceId || !inv.CommandId) continue
          const requestedAt = optionalIsoDate(inv.RequestedDateTime) ?? new Date(0).toISOString()
          const seen = latest.get(instanceId)
          if (seen && seen.requestedAt >= requestedAt) continue
          const plugins = inv.CommandPlugins ?? []
          const summary = parseSyncReport((plugins.find((p) => p.Name === SYNC_STEP) ?? plugins[0])?.Output ?? '')
          latest.set(instanceId, { instanceId, commandId: inv.CommandId, requestedAt, status: inv.Status ?? 'Unknown', ...(summary ? { summary } : {}) })
        }
        token = page.NextToken
      } while (token && read < MAX_SYNC_INVOCATIONS)
    }
    return [...latest.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0))
  })
}
