// Regions an account has not opted in to are skipped, and the report says so (coverage.regionsSkipped,
// run.accounts[].regionsSkipped, and a line of the summary table). The emulator reports every region
// as enabled, so DescribeRegions is stubbed at the SDK boundary here, answering as AWS documents it
// (RegionName, Endpoint, OptInStatus: opt-in-not-required | opted-in | not-opted-in).
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import type { AwsSession } from '../../src/aws/session.js'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../src/collect/pipeline.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { buildReport } from '../../src/report/build.js'
import { findingsReportSchema } from '../../src/report/schema.js'
import { renderSummary } from '../../src/report/summary-table.js'
import { loadRules } from '../../src/rules/load.js'
import { snapshotSchema, type AccountSnapshot } from '../../src/snapshot/schema.js'
import { NOW, accountSnapshot, snapshot } from '../support/builders.js'

const REGIONS = [
  { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'af-south-1', Endpoint: 'ec2.af-south-1.amazonaws.com', OptInStatus: 'not-opted-in' },
  { RegionName: 'me-south-1', Endpoint: 'ec2.me-south-1.amazonaws.com', OptInStatus: 'opted-in' },
]

/** A session whose only AWS answer is DescribeRegions (SDK-boundary stub); anything else is a test failure. */
function stubSession(answer: () => unknown): { session: AwsSession; sent: unknown[] } {
  const sent: unknown[] = []
  const ec2 = {
    send: async (command: unknown) => {
      sent.push(command)
      if (!(command instanceof DescribeRegionsCommand)) throw new Error(`unexpected call ${String(command)}`)
      return answer()
    },
  }
  const session = { region: 'us-east-1', profile: undefined, roleArn: undefined, counter: new ApiCallCounter(), credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, client: () => ec2 } as unknown as AwsSession
  return { session, sent }
}

const collect = (session: AwsSession, regions?: string[]) =>
  collectAccount({ accountId: '111111111111', session, partition: 'aws', cache: new ManagedPolicyCache(), collectors: [], ...(regions ? { regions } : {}) })

describe('regions the account has not opted in to (SDK-boundary stub: moto reports every region enabled)', () => {
  it('without --regions: scans the enabled and opted-in regions, records the not-opted-in one as skipped', async () => {
    const { session, sent } = stubSession(() => ({ Regions: REGIONS }))
    const account = await collect(session)
    expect((sent[0] as DescribeRegionsCommand).input).toEqual({ AllRegions: true })
    expect(account.regions).toEqual(['eu-west-1', 'me-south-1', 'us-east-1'])
    expect(account.skippedRegions).toEqual([{ region: 'af-south-1', reason: 'not opted in' }])
    expect(snapshotSchema.parse(JSON.parse(JSON.stringify(snapshot(account)))).accounts[0]!.skippedRegions).toEqual(account.skippedRegions)
  })

  it('with --regions naming a not-opted-in region: that region is skipped, not scanned into authentication errors', async () => {
    const { session } = stubSession(() => ({ Regions: REGIONS }))
    const account = await collect(session, ['eu-west-1', 'af-south-1'])
    expect(account.regions).toEqual(['eu-west-1'])
    expect(account.skippedRegions).toEqual([{ region: 'af-south-1', reason: 'not opted in' }])
  })

  it('with --regions and discovery denied: the named regions are scanned as named, nothing claimed skipped', async () => {
    const { session } = stubSession(() => {
      throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } })
    })
    const account = await collect(session, ['eu-west-1', 'af-south-1'])
    expect(account.regions).toEqual(['eu-west-1', 'af-south-1'])
    expect(account.skippedRegions).toBeUndefined()
  })

  it('the report states skipped regions per account, in coverage with an account count, and in the summary table', () => {
    const a = (id: string, skipped: string[]): AccountSnapshot => ({ ...accountSnapshot(), accountId: id, skippedRegions: skipped.map((region) => ({ region, reason: 'not opted in' })) })
    const snap = { ...snapshot(), accounts: [a('111111111111', ['af-south-1', 'me-south-1']), a('222222222222', ['af-south-1']), a('333333333333', [])] }
    const ruleSet = loadRules({ checks: ALL_CHECKS })
    const report = buildReport({ command: 'scan', tool: { name: 'guardrail', version: 't' }, snapshot: snap, findings: evaluateSnapshot(snap, ruleSet, { now: NOW }), ruleSet, asOf: NOW })
    findingsReportSchema.parse(report)
    expect(report.coverage.regionsSkipped).toEqual([
      { region: 'af-south-1', reason: 'not opted in', accounts: 2 },
      { region: 'me-south-1', reason: 'not opted in', accounts: 1 },
    ])
    expect(report.run.accounts.find((x) => x.accountId === '222222222222')!.regionsSkipped).toEqual([{ region: 'af-south-1', reason: 'not opted in' }])
    expect(report.run.accounts.find((x) => x.accountId === '333333333333')!.regionsSkipped).toBeUndefined()
    expect(renderSummary(report, 'f')).toContain('Regions skipped: af-south-1 (not opted in, 2 accounts), me-south-1 (not opted in, 1 account)')
  })
})
