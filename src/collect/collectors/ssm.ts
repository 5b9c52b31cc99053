// Systems Manager, per region, one isolated read per slice:
//   ssm:GetDocument SSM-SessionManagerRunShell → 'ssm.sessionPreferences' (one call)
//   ssm:DescribeInstanceInformation             → 'ssm.managedInstances'   (pages of 50, the API's largest)
// A region where nobody ever saved Session Manager preferences has no such document: GetDocument
// answers InvalidDocument, which is a fact about the region (Session Manager runs on its defaults:
// no logging, no Run As), recorded as data, never as an unreadable slice.
import { GetDocumentCommand, paginateDescribeInstanceInformation, type InstanceInformation, type SSMClient } from '@aws-sdk/client-ssm'
import type { Readable } from '../../snapshot/readable.js'
import { SESSION_PREFERENCES_DOCUMENT, type ManagedInstance, type SessionPreferences } from '../../snapshot/ssm.js'
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
