// The ASFF output imported for real, through the AWS SDK, into the emulator's Security Hub: each
// asffImportBatches request is sent by the batch's own account (assumed into with STS) to the
// batch's region, and GetFindings there returns exactly the findings sent, every member intact —
// so nothing guardrail writes is a member the SDK's model drops on the wire.
// moto 5.2.5 implements BatchImportFindings and GetFindings but validates only that Resources is a
// non-empty list: the field rules (lengths, enums, required members) are checked against the
// vendored schema in asff.test.ts, not here.
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { asffFindings, asffImportBatches, renderAsff } from '../../../src/report/formats/asff.js'
import { useEmulator } from '../../support/emulator.js'
import { finding, miniReport } from './support.js'

const env = useEmulator()
// moto's default account: the one static test credentials act as.
const DEFAULT_ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '210987654321'
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

async function credentialsFor(accountId: string): Promise<Credentials> {
  if (accountId === DEFAULT_ACCOUNT) return credentials
  const sts = new STSClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/SecurityHubImport`, RoleSessionName: 'guardrail-import' }))
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }
}

const hub = (region: string, creds: Credentials) => new SecurityHubClient({ region, endpoint: env.endpoint, credentials: creds, maxAttempts: 1 })

async function allFindings(client: SecurityHubClient): Promise<AwsSecurityFinding[]> {
  const out: AwsSecurityFinding[] = []
  let NextToken: string | undefined
  do {
    const page = await client.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }))
    out.push(...(page.Findings ?? []))
    NextToken = page.NextToken || undefined
  } while (NextToken)
  return out
}

function report() {
  const findings = []
  for (let i = 0; i < 130; i++) {
    findings.push(finding({ id: `ssh-${i}`, checkId: 'ec2.no-ssh-from-internet', severity: 'high', status: i % 3 === 0 ? 'pass' : 'fail', accountId: DEFAULT_ACCOUNT, region: 'eu-west-1', resource: `arn:aws:ec2:eu-west-1:${DEFAULT_ACCOUNT}:security-group/sg-${i}`, frameworks: { 'cis-aws-3.0': ['5.2'] } }))
  }
  findings.push(finding({ id: 'root', accountId: DEFAULT_ACCOUNT, resource: `arn:aws:iam::${DEFAULT_ACCOUNT}:root`, muted: { reason: 'break glass', owner: 'sec@example.com', expires: '2027-01-31' } }))
  findings.push(finding({ id: 'other-root', accountId: OTHER_ACCOUNT, resource: `arn:aws:iam::${OTHER_ACCOUNT}:root`, status: 'error', errorCode: 'AccessDenied', message: 'iam:GetAccountSummary: AccessDenied' }))
  const r = miniReport(findings)
  r.run.accounts.push({ accountId: DEFAULT_ACCOUNT, name: 'emulator-default', regions: ['eu-west-1'], accessible: true }, { accountId: OTHER_ACCOUNT, regions: ['eu-west-1'], accessible: true })
  return r
}

describe('ASFF into the emulated Security Hub', () => {
  it('imports every batch in its own account and region, and reads back the same findings', async () => {
    const r = report()
    // The file and the helper agree: the file is the findings the batches are cut from.
    const sent = asffFindings(r, { region: 'us-east-1' })
    expect((JSON.parse(renderAsff(r, { region: 'us-east-1' })) as { Findings: AwsSecurityFinding[] }).Findings).toEqual(sent)

    const batches = asffImportBatches(sent)
    expect(batches.map((b) => [b.accountId, b.region, b.request.Findings.length])).toEqual([
      [DEFAULT_ACCOUNT, 'eu-west-1', 100],
      [DEFAULT_ACCOUNT, 'eu-west-1', 30],
      [DEFAULT_ACCOUNT, 'us-east-1', 1],
      [OTHER_ACCOUNT, 'us-east-1', 1],
    ])
    for (const batch of batches) {
      const out = await hub(batch.region, await credentialsFor(batch.accountId)).send(new BatchImportFindingsCommand(batch.request))
      expect({ failed: out.FailedCount, failures: out.FailedFindings, ok: out.SuccessCount }).toEqual({ failed: 0, failures: [], ok: batch.request.Findings.length })
    }

    const byId = (list: AwsSecurityFinding[]) => [...list].sort((a, b) => (a.Id! < b.Id! ? -1 : 1))
    const expected = (account: string, region: string) => byId(sent.filter((f) => f.AwsAccountId === account && f.Region === region))
    expect(byId(await allFindings(hub('eu-west-1', credentials)))).toEqual(expected(DEFAULT_ACCOUNT, 'eu-west-1'))
    expect(byId(await allFindings(hub('us-east-1', credentials)))).toEqual(expected(DEFAULT_ACCOUNT, 'us-east-1'))
    expect(byId(await allFindings(hub('us-east-1', await credentialsFor(OTHER_ACCOUNT))))).toEqual(expected(OTHER_ACCOUNT, 'us-east-1'))
    // Nothing leaked into a region or account it does not belong to.
    expect(await allFindings(hub('eu-west-1', await credentialsFor(OTHER_ACCOUNT)))).toEqual([])
  })

  it('re-importing the next run updates the same findings instead of adding new ones', async () => {
    const first = report()
    const client = hub('eu-west-1', credentials)
    const send = async (r: ReturnType<typeof report>) => {
      for (const b of asffImportBatches(asffFindings(r)).filter((b) => b.accountId === DEFAULT_ACCOUNT && b.region === 'eu-west-1')) await client.send(new BatchImportFindingsCommand(b.request))
    }
    await send(first)
    const next = report()
    next.run.asOf = '2026-07-01T00:00:00.000Z'
    for (const f of next.findings) if (f.checkId === 'ec2.no-ssh-from-internet') f.status = 'pass'
    await send(next)
    const stored = (await allFindings(client)).filter((f) => f.GeneratorId === 'guardrail/ec2.no-ssh-from-internet')
    expect(stored).toHaveLength(130)
    expect(new Set(stored.map((f) => f.Compliance?.Status))).toEqual(new Set(['PASSED']))
    expect(new Set(stored.map((f) => f.UpdatedAt))).toEqual(new Set(['2026-07-01T00:00:00.000Z']))
  })
})
