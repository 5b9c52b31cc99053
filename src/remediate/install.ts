// remediate install: guardrail's own runbooks into each target account and region, idempotently.
// The document's current default content is compared with the file's exact text: equal → unchanged
// (no new version); absent → created; different → a new version, made the default. An account that
// cannot be entered, or a call that fails, is reported for that target and the others go on.
import { CreateDocumentCommand, GetDocumentCommand, UpdateDocumentCommand, UpdateDocumentDefaultVersionCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { errorCode, errorMessage } from '../collect/isolate.js'
import { automationClient, RemediationCallRefusedError } from './automation-client.js'
import type { RemediationAccess } from './access.js'
import type { OwnRunbook } from './runbooks.js'

export type InstallOutcome = 'created' | 'updated' | 'unchanged' | 'failed'

export interface InstallResult {
  accountId: string
  region: string
  runbook: string
  outcome: InstallOutcome
  version?: string
  error?: string
}

/** The default version's content of a document in the client's account and region; undefined when there is none. */
export async function installedRunbookContent(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    const out = await ssm.send(new GetDocumentCommand({ Name: name, DocumentFormat: 'YAML' }))
    return out.Content ?? ''
  } catch (err) {
    if (errorCode(err) === 'InvalidDocument') return undefined
    throw err
  }
}

/** Installs one document (an Automation runbook unless `type` says otherwise) with a client already in the target account and region. */
export async function installRunbook(ssm: SSMClient, runbook: Pick<OwnRunbook, 'name' | 'content'> & { type?: 'Automation' | 'Command' }): Promise<{ outcome: Exclude<InstallOutcome, 'failed'>; version?: string }> {
  const current = await installedRunbookContent(ssm, runbook.name)
  if (current === undefined) {
    const out = await ssm.send(new CreateDocumentCommand({ Name: runbook.name, Content: runbook.content, DocumentType: runbook.type ?? 'Automation', DocumentFormat: 'YAML', Tags: [{ Key: 'managed-by', Value: 'guardrail' }] }))
    return { outcome: 'created', ...(out.DocumentDescription?.DocumentVersion ? { version: out.DocumentDescription.DocumentVersion } : {}) }
  }
  if (current.trim() === runbook.content.trim()) return { outcome: 'unchanged' }
  let out
  try {
    out = await ssm.send(new UpdateDocumentCommand({ Name: runbook.name, Content: runbook.content, DocumentVersion: '$LATEST', DocumentFormat: 'YAML' }))
  } catch (err) {
    // SSM may hand back the stored YAML reformatted; it refuses a version whose content it already
    // holds, which is this file's content: nothing to change.
    if (errorCode(err) === 'DuplicateDocumentContent') return { outcome: 'unchanged' }
    throw err
  }
  const version = out.DocumentDescription?.DocumentVersion
  if (version) await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: runbook.name, DocumentVersion: version }))
  return { outcome: 'updated', ...(version ? { version } : {}) }
}

export interface InstallTarget {
  accountId: string
  region: string
  runbooks: readonly OwnRunbook[]
}

export async function installRunbooks(access: RemediationAccess, targets: readonly InstallTarget[]): Promise<InstallResult[]> {
  const results: InstallResult[] = []
  for (const target of targets) {
    const entered = await access.enter(target.accountId)
    if ('error' in entered) {
      for (const r of target.runbooks) results.push({ accountId: target.accountId, region: target.region, runbook: r.name, outcome: 'failed', error: `cannot enter the account: ${entered.error.code}: ${entered.error.message}` })
      continue
    }
    const ssm = automationClient({ region: target.region, credentials: entered.session.credentials })
    try {
      for (const runbook of target.runbooks) {
        try {
          results.push({ accountId: target.accountId, region: target.region, runbook: runbook.name, ...(await installRunbook(ssm, runbook)) })
        } catch (err) {
          if (err instanceof RemediationCallRefusedError) throw err
          results.push({ accountId: target.accountId, region: target.region, runbook: runbook.name, outcome: 'failed', error: `${errorCode(err)}: ${errorMessage(err)}` })
        }
      }
    } finally {
      ssm.destroy()
    }
  }
  return results
}
