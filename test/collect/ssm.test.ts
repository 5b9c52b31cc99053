// The Systems Manager collectors (src/collect/collectors/ssm.ts) and the Session Manager preferences
// parser. GetDocument is exercised against the emulator in test/checks/ssm/session-manager.e2e.test.ts;
// here the parser is tested on document contents directly, and DescribeInstanceInformation, which moto
// 5.2.5 does not implement, is stubbed at the SDK boundary with responses shaped like AWS's.
import { DescribeInstanceInformationCommand, GetDocumentCommand, SSMClient, type InstanceInformation } from '@aws-sdk/client-ssm'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { collectManagedInstances, collectSessionPreferences } from '../../src/collect/collectors/ssm.js'
import { parseSessionPreferences } from '../../src/collect/collectors/ssm-preferences-document.js'
import { sessionPreferencesSchema } from '../../src/snapshot/ssm.js'

/** The preferences document as the Session Manager console saves it (AWS's documented example shape). */
const consoleDocument = (inputs: Record<string, unknown>) =>
  JSON.stringify({ schemaVersion: '1.0', description: 'Document to hold regional settings for Session Manager', sessionType: 'Standard_Stream', inputs })

const awsError = (name: string, message: string, httpStatusCode = 400) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } })

describe('parseSessionPreferences', () => {
  it('reads every documented input, minutes as numbers, "" as not set', () => {
    const prefs = parseSessionPreferences(
      consoleDocument({
        s3BucketName: 'session-logs',
        s3KeyPrefix: 'eu-west-1/',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: '/ssm/sessions',
        cloudWatchEncryptionEnabled: false,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: 'alias/session-key',
        runAsEnabled: true,
        runAsDefaultUser: 'session-user',
        idleSessionTimeout: '15',
        maxSessionDuration: '60',
        shellProfile: { windows: '', linux: 'exec bash' },
      }),
    )
    expect(prefs).toEqual({
      documentExists: true,
      s3BucketName: 'session-logs',
      s3KeyPrefix: 'eu-west-1/',
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: '/ssm/sessions',
      cloudWatchEncryptionEnabled: false,
      cloudWatchStreamingEnabled: true,
      kmsKeyId: 'alias/session-key',
      runAsEnabled: true,
      runAsDefaultUser: 'session-user',
      idleSessionTimeout: 15,
      maxSessionDuration: 60,
    })
    expect(sessionPreferencesSchema.safeParse(prefs).success).toBe(true)
  })

  it('the console’s empty fields are "not set"; booleans written as strings (templates) are read', () => {
    expect(parseSessionPreferences(consoleDocument({ s3BucketName: '', cloudWatchLogGroupName: '', kmsKeyId: '', runAsDefaultUser: '', maxSessionDuration: '', runAsEnabled: 'TRUE', s3EncryptionEnabled: 'false', idleSessionTimeout: 20 }))).toEqual({
      documentExists: true,
      runAsEnabled: true,
      s3EncryptionEnabled: false,
      idleSessionTimeout: 20,
    })
  })

  it('an input Session Manager would not accept is named, left out, and does not hide the other inputs', () => {
    const prefs = parseSessionPreferences(consoleDocument({ s3BucketName: 42, s3EncryptionEnabled: 'yes', idleSessionTimeout: '90', maxSessionDuration: '1.5', cloudWatchLogGroupName: '/ssm/sessions', cloudWatchEncryptionEnabled: true }))
    expect(prefs.invalidInputs).toEqual(['s3BucketName', 's3EncryptionEnabled', 'idleSessionTimeout', 'maxSessionDuration'])
    expect(prefs.problem).toContain('idleSessionTimeout="90"')
    expect(prefs).toMatchObject({ documentExists: true, cloudWatchLogGroupName: '/ssm/sessions', cloudWatchEncryptionEnabled: true })
    expect(prefs.idleSessionTimeout).toBeUndefined()
    expect(prefs.s3BucketName).toBeUndefined()
  })

  it.each([
    ['broken JSON', '{"schemaVersion": "1.0", "inputs": {', /not valid JSON/],
    ['a JSON array', '[1, 2]', /not a JSON object/],
    ['no inputs', JSON.stringify({ schemaVersion: '1.0', sessionType: 'Standard_Stream' }), /has no inputs/],
    ['inputs that are not an object', JSON.stringify({ sessionType: 'Standard_Stream', inputs: 's3BucketName=x' }), /inputs are not an object/],
    ['another session type', JSON.stringify({ sessionType: 'Port', inputs: {} }), /sessionType is "Port"/],
  ])('%s: the document exists, with a problem and no preferences (never a crash)', (_name, content, problem) => {
    const prefs = parseSessionPreferences(content)
    expect(prefs.documentExists).toBe(true)
    expect(prefs.problem).toMatch(problem)
    expect(prefs.invalidInputs).toBeUndefined()
    expect(Object.keys(prefs).sort()).toEqual(['documentExists', 'problem'])
  })

  it('hostile strings stay data: kept as written in the fields, bounded and escaped in the problem', () => {
    const hostile = '\u001b[31mrm -rf /\u0007\n<script>alert(1)</script>'
    const prefs = parseSessionPreferences(consoleDocument({ cloudWatchLogGroupName: hostile, runAsDefaultUser: '$(reboot)', s3BucketName: '__proto__' }))
    expect(prefs).toMatchObject({ cloudWatchLogGroupName: hostile, runAsDefaultUser: '$(reboot)', s3BucketName: '__proto__' })
    expect(Object.getPrototypeOf(prefs)).toBe(Object.prototype)

    const huge = `not json ${'\u001b'.repeat(100_000)}`
    const broken = parseSessionPreferences(huge)
    expect(broken.problem!.length).toBeLessThanOrEqual(601)
    // The excerpt is JSON-quoted: control characters appear escaped, never raw.
    expect(broken.problem).not.toMatch(/[\u0000-\u001f]/)

    const badValue = parseSessionPreferences(consoleDocument({ idleSessionTimeout: `${'\u0007'.repeat(5000)}` }))
    expect(badValue.problem!.length).toBeLessThanOrEqual(601)
    expect(badValue.problem).not.toMatch(/[\u0000-\u001f]/)
  })

  it('a JSON prototype key in inputs is not a setting', () => {
    const prefs = parseSessionPreferences('{"sessionType":"Standard_Stream","inputs":{"__proto__":{"runAsEnabled":true}}}')
    expect(prefs).toEqual({ documentExists: true })
  })
})

// One stub for the file: mockClient replaces SSMClient's send for every instance.
const ssm = mockClient(SSMClient)
afterEach(() => ssm.reset())

describe('collectSessionPreferences (SDK-boundary stub for the failure cases; the emulator test covers GetDocument)', () => {

  it('asks for SSM-SessionManagerRunShell in JSON, once', async () => {
    ssm.on(GetDocumentCommand).resolves({ Name: 'SSM-SessionManagerRunShell', DocumentType: 'Session', DocumentFormat: 'JSON', Status: 'Active', DocumentVersion: '1', Content: consoleDocument({ idleSessionTimeout: '20' }) })
    const slice = await collectSessionPreferences(new SSMClient({ region: 'eu-west-1' }))
    expect(slice).toEqual({ kind: 'ok', value: { documentExists: true, idleSessionTimeout: 20 } })
    expect(ssm.commandCalls(GetDocumentCommand).map((c) => c.args[0].input)).toEqual([{ Name: 'SSM-SessionManagerRunShell', DocumentFormat: 'JSON' }])
  })

  it('InvalidDocument (no preferences saved in the region) is data: documentExists false', async () => {
    ssm.on(GetDocumentCommand).rejects(awsError('InvalidDocument', 'The specified document does not exist.'))
    expect(await collectSessionPreferences(new SSMClient({ region: 'eu-west-1' }))).toEqual({ kind: 'ok', value: { documentExists: false } })
  })

  it('AccessDenied stays an unreadable slice with the AWS code', async () => {
    ssm.on(GetDocumentCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ssm:GetDocument'))
    const slice = await collectSessionPreferences(new SSMClient({ region: 'eu-west-1' }))
    expect(slice).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException', operation: 'ssm:GetDocument' } })
  })

  it('a response without Content is a malformed response, not an empty document', async () => {
    ssm.on(GetDocumentCommand).resolves({ Name: 'SSM-SessionManagerRunShell' })
    expect(await collectSessionPreferences(new SSMClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse' } })
  })
})

describe('collectManagedInstances (SDK-boundary stub: moto lacks DescribeInstanceInformation)', () => {

  // Shaped like the DescribeInstanceInformation example of the SSM API reference.
  const info = (id: string, pingStatus: string, extra: Record<string, unknown> = {}): InstanceInformation => ({
    InstanceId: id,
    PingStatus: pingStatus,
    LastPingDateTime: new Date('2026-05-31T23:50:00Z'),
    AgentVersion: '3.3.1142.0',
    IsLatestVersion: false,
    PlatformType: 'Linux',
    PlatformName: 'Amazon Linux',
    PlatformVersion: '2023',
    ResourceType: 'EC2Instance',
    IPAddress: '10.0.1.23',
    ComputerName: 'ip-10-0-1-23.eu-west-1.compute.internal',
    AssociationStatus: 'Success',
    ...extra,
  }) as InstanceInformation

  it('reads every page at the largest page size (50), sorted by instance id', async () => {
    const ids = Array.from({ length: 120 }, (_, n) => `i-${String(n).padStart(17, '0')}`)
    const pages: Record<string, { InstanceInformationList: InstanceInformation[]; NextToken?: string }> = {
      first: { InstanceInformationList: ids.slice(0, 50).reverse().map((id) => info(id, 'Online')), NextToken: 'page-2' },
      'page-2': { InstanceInformationList: ids.slice(50, 100).map((id) => info(id, 'ConnectionLost')), NextToken: 'page-3' },
      'page-3': { InstanceInformationList: ids.slice(100).map((id) => info(id, 'Inactive')) },
    }
    // The paginator reuses one input object across calls: record a copy of each request as sent.
    const requests: unknown[] = []
    ssm.on(DescribeInstanceInformationCommand).callsFake((input: { NextToken?: string }) => {
      requests.push({ ...input })
      return pages[input.NextToken ?? 'first']
    })
    const slice = await collectManagedInstances(new SSMClient({ region: 'eu-west-1' }))
    expect(slice.kind).toBe('ok')
    if (slice.kind !== 'ok') return
    expect(slice.value.map((m) => m.instanceId)).toEqual(ids)
    expect(slice.value[0]).toEqual({ instanceId: ids[0], pingStatus: 'Online', resourceType: 'EC2Instance', platformType: 'Linux', agentVersion: '3.3.1142.0', lastPingDateTime: '2026-05-31T23:50:00.000Z' })
    expect(requests).toEqual([{ MaxResults: 50 }, { MaxResults: 50, NextToken: 'page-2' }, { MaxResults: 50, NextToken: 'page-3' }])
  })

  it('a hybrid (on-premises) node keeps its mi- id and ManagedInstance type', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [info('mi-0123456789abcdef0', 'Online', { ResourceType: 'ManagedInstance', IamRole: 'service-role/hybrid' })] })
    const slice = await collectManagedInstances(new SSMClient({ region: 'eu-west-1' }))
    expect(slice).toMatchObject({ kind: 'ok', value: [{ instanceId: 'mi-0123456789abcdef0', resourceType: 'ManagedInstance' }] })
  })

  it('an entry without InstanceId or PingStatus makes the slice unreadable (MalformedResponse), never a silently shorter list', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [info('i-1', 'Online'), { PingStatus: 'Online' }] })
    expect(await collectManagedInstances(new SSMClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse', operation: 'ssm:DescribeInstanceInformation' } })
  })

  it('AccessDenied and throttling stay unreadable with the AWS code (throttling marked transient)', async () => {
    ssm.on(DescribeInstanceInformationCommand).rejects(awsError('AccessDeniedException', 'not authorized'))
    expect(await collectManagedInstances(new SSMClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDeniedException' } })
    ssm.reset()
    ssm.on(DescribeInstanceInformationCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))
    expect(await collectManagedInstances(new SSMClient({ region: 'eu-west-1' }))).toMatchObject({ kind: 'unreadable', error: { code: 'ThrottlingException', transient: true } })
  })
})
