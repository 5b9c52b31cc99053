// The Automation client refuses every SSM operation but the Automation and document calls, before
// anything is signed or sent; the idempotency token is a stable UUID per plan and action.
import { DeleteDocumentCommand, SendCommandCommand, GetDocumentCommand } from '@aws-sdk/client-ssm'
import { describe, expect, it } from 'vitest'
import { clientToken } from '../../src/remediate/apply.js'
import { automationClient, RemediationCallRefusedError } from '../../src/remediate/automation-client.js'

describe('automationClient', () => {
  const client = () => automationClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 })

  it.each([
    ['DeleteDocument', new DeleteDocumentCommand({ Name: 'x' })],
    ['SendCommand', new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: ['i-1'] })],
  ])('refuses ssm:%s before any request', async (operation, command) => {
    const c = client()
    let sent = false
    c.middlewareStack.add((next) => async (args) => ((sent = true), next(args)), { step: 'finalizeRequest', name: 'spy' })
    await expect(c.send(command as never)).rejects.toBeInstanceOf(RemediationCallRefusedError)
    await expect(c.send(command as never)).rejects.toThrow(new RegExp(`Refused ssm:${operation}`))
    expect(sent).toBe(false)
  })

  it('lets the document and Automation calls through (to the network)', async () => {
    const c = automationClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 })
    c.middlewareStack.add(() => async () => {
      throw new Error('reached the network step')
    }, { step: 'finalizeRequest', name: 'stop' })
    await expect(c.send(new GetDocumentCommand({ Name: 'x' }))).rejects.toThrow('reached the network step')
  })
})

describe('clientToken', () => {
  it('is a UUID-shaped token, the same for the same plan and action, different otherwise', () => {
    const t = clientToken('a'.repeat(64), '0123456789abcdef')
    expect(t).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(clientToken('a'.repeat(64), '0123456789abcdef')).toBe(t)
    expect(clientToken('b'.repeat(64), '0123456789abcdef')).not.toBe(t)
    expect(clientToken('a'.repeat(64), '0123456789abcdee')).not.toBe(t)
  })
})
