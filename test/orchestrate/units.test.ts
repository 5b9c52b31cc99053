// Pure pieces of the organization scan: the pool and limiter, shard assignment, account filters,
// the progress reporter and the fault proxy's request parsing.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import type { ScanEvent } from '../../src/orchestrate/events.js'
import { selectAccounts, type DiscoveredAccount } from '../../src/orchestrate/filters.js'
import { differingParameters } from '../../src/orchestrate/parameters.js'
import { Limiter, runPool } from '../../src/orchestrate/pool.js'
import { createProgressReporter, formatDuration } from '../../src/orchestrate/progress.js'
import { inShard, parseShard, shardOf } from '../../src/orchestrate/shard.js'
import type { ScanParameters } from '../../src/orchestrate/workdir.js'
import { describeRequest, ruleMatches } from '../../tools/fault-proxy.js'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('runPool and Limiter', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let active = 0
    let peak = 0
    const seen: number[] = []
    await runPool([...Array(20).keys()], 3, async (i) => {
      active++
      peak = Math.max(peak, active)
      await tick()
      seen.push(i)
      active--
    })
    expect(peak).toBe(3)
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()])
  })

  it('stops starting items when the signal aborts, letting in-flight items finish', async () => {
    const controller = new AbortController()
    const done: number[] = []
    await runPool([...Array(10).keys()], 2, async (i) => {
      await tick()
      done.push(i)
      if (done.length === 3) controller.abort()
    }, controller.signal)
    expect(done.length).toBeGreaterThanOrEqual(3)
    expect(done.length).toBeLessThanOrEqual(4)
  })

  it('rejects with the first worker error after in-flight items settle', async () => {
    const finished: number[] = []
    await expect(
      runPool([1, 2, 3, 4], 2, async (i) => {
        await tick()
        if (i === 2) throw new Error('boom')
        finished.push(i)
      }),
    ).rejects.toThrow('boom')
    expect(finished).toContain(1)
    expect(finished).not.toContain(4)
  })

  it('Limiter caps concurrency and hands slots over in order', async () => {
    const limiter = new Limiter(2)
    const order: number[] = []
    let peak = 0
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.run(async () => {
          peak = Math.max(peak, limiter.inFlight)
          order.push(i)
          await tick()
        }),
      ),
    )
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(() => new Limiter(0)).toThrow(RangeError)
  })
})

describe('shards', () => {
  const ids = Array.from({ length: 200 }, (_, i) => String(100000000000 + i * 7919))

  it('assigns every account to exactly one shard, stably, and roughly evenly', () => {
    const count = 4
    const buckets = [0, 0, 0, 0]
    for (const id of ids) {
      const s = shardOf(id, count)
      expect(shardOf(id, count)).toBe(s)
      expect([0, 1, 2, 3].filter((index) => inShard(id, { index, count }))).toEqual([s])
      buckets[s]!++
    }
    for (const b of buckets) expect(b).toBeGreaterThan(30)
    expect(inShard(ids[0]!, undefined)).toBe(true)
  })

  it('parses k/n and refuses nonsense with a clear message', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 })
    expect(() => parseShard('5/5')).toThrow(/outside 0..4/)
    expect(() => parseShard('1-3')).toThrow(InputError)
    expect(() => parseShard('0/0')).toThrow(/positive/)
  })
})

describe('selectAccounts', () => {
  const acct = (accountId: string, ouPath: string[], status = 'ACTIVE'): DiscoveredAccount => ({
    accountId,
    status,
    ouPath: [{ id: 'r-1', name: 'Root' }, ...ouPath.map((name) => ({ id: `ou-${name.toLowerCase()}`, name }))],
    tags: {},
  })
  const all = [acct('333333333333', ['Workloads', 'Prod']), acct('111111111111', ['Workloads', 'Dev']), acct('222222222222', ['Sandbox']), acct('444444444444', [], 'SUSPENDED')]

  it('keeps ACTIVE accounts, sorted, and reports the others as inactive', () => {
    const { selected, inactive } = selectAccounts(all, {})
    expect(selected.map((a) => a.accountId)).toEqual(['111111111111', '222222222222', '333333333333'])
    expect(inactive.map((a) => a.accountId)).toEqual(['444444444444'])
  })

  it('includes nested OUs by name or id, and applies exclusions last', () => {
    expect(selectAccounts(all, { ous: ['Workloads'] }).selected.map((a) => a.accountId)).toEqual(['111111111111', '333333333333'])
    expect(selectAccounts(all, { ous: ['ou-sandbox'] }).selected.map((a) => a.accountId)).toEqual(['222222222222'])
    expect(selectAccounts(all, { ous: ['Workloads'], excludeAccounts: ['333333333333'] }).selected.map((a) => a.accountId)).toEqual(['111111111111'])
    expect(selectAccounts(all, { accounts: ['222222222222', '333333333333'], ous: ['Workloads'] }).selected.map((a) => a.accountId)).toEqual(['333333333333'])
  })

  it('refuses account ids and OUs that are not in the organization', () => {
    expect(() => selectAccounts(all, { accounts: ['999999999999'] })).toThrow(/999999999999/)
    expect(() => selectAccounts(all, { excludeAccounts: ['999999999999'] })).toThrow(InputError)
    expect(() => selectAccounts(all, { ous: ['Prodd'] })).toThrow(/Prodd/)
  })
})

describe('differingParameters', () => {
  const base: ScanParameters = { accounts: null, ous: null, excludeAccounts: [], regions: ['eu-west-1'], roleName: 'R', externalIdSha256: null, sessionName: 's', shardCount: 1, rulesDigest: 'x' }
  it('names exactly the options that differ', () => {
    expect(differingParameters(base, { ...base })).toEqual([])
    expect(differingParameters(base, { ...base, regions: ['us-east-1'], externalIdSha256: 'y' })).toEqual(['--regions', '--external-id'])
  })
})

describe('progress reporter', () => {
  const events: ScanEvent[] = [
    { type: 'phase', phase: 'discover' },
    { type: 'plan', total: 3, alreadyDone: 1, regions: ['eu-west-1'] },
    { type: 'phase', phase: 'collect' },
    { type: 'account-start', accountId: '111111111111' },
    { type: 'account-done', accountId: '111111111111', accessible: true, gaps: 0, durationMs: 1500 },
    { type: 'account-start', accountId: '222222222222' },
    { type: 'account-done', accountId: '222222222222', accessible: false, gaps: 1, durationMs: 200 },
    { type: 'phase', phase: 'done' },
  ]
  const sink = (isTTY: boolean) => {
    const chunks: string[] = []
    return { chunks, stream: { isTTY, columns: 100, write: (c: string) => chunks.push(c) } }
  }

  it('prints plain lines in CI (no carriage returns), with counts that include resumed accounts', () => {
    const { chunks, stream } = sink(false)
    let now = 0
    const reporter = createProgressReporter({ stream, now: () => (now += 1000) })
    for (const e of events) reporter.onEvent(e)
    reporter.close()
    const text = chunks.join('')
    expect(text).not.toContain('\r')
    expect(text).toContain('3 account(s) to scan (1 already done, resuming)')
    expect(text).toContain('[2/3] 111111111111 ok in 2s')
    expect(text).toContain('[3/3] 222222222222 NOT ACCESSIBLE')
    expect(text).toMatch(/ETA \d+s/)
  })

  it('redraws one line on a terminal and ends it on close', () => {
    const { chunks, stream } = sink(true)
    const reporter = createProgressReporter({ stream, now: () => 0, redrawIntervalMs: 0 })
    for (const e of events) reporter.onEvent(e)
    reporter.close()
    expect(chunks.every((c) => c.startsWith('\r\x1b[2K') || c === '\n')).toBe(true)
    expect(chunks.some((c) => c.includes('3/3 accounts'))).toBe(true)
    expect(chunks.at(-1)).toBe('\n')
  })

  it('prints nothing when quiet', () => {
    const { chunks, stream } = sink(true)
    const reporter = createProgressReporter({ stream, mode: 'quiet' })
    for (const e of events) reporter.onEvent(e)
    reporter.close()
    expect(chunks).toEqual([])
  })

  it('formats durations', () => {
    expect(formatDuration(59_400)).toBe('59s')
    expect(formatDuration(125_000)).toBe('2m05s')
    expect(formatDuration(3_726_000)).toBe('1h02m')
  })
})

describe('fault proxy request parsing', () => {
  const auth = (region: string, service: string) => `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260601/${region}/${service}/aws4_request, SignedHeaders=host, Signature=abc`

  it('reads region and service from the SigV4 scope and the action from a query body', () => {
    const info = describeRequest({ method: 'POST', url: '/', headers: { authorization: auth('us-east-1', 'sts') } }, 'Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAudit&Version=2011-06-15')
    expect(info).toMatchObject({ region: 'us-east-1', service: 'sts', action: 'AssumeRole', assumeRoleAccount: '123456789012' })
    expect(ruleMatches({ service: 'sts', assumeRoleAccount: '123456789012', status: 403, code: 'AccessDenied' }, info)).toBe(true)
    expect(ruleMatches({ service: 'sts', assumeRoleAccount: '210987654321', status: 403, code: 'AccessDenied' }, info)).toBe(false)
  })

  it('reads the action from X-Amz-Target (JSON protocols) and from the path (REST)', () => {
    expect(describeRequest({ method: 'POST', url: '/', headers: { authorization: auth('us-east-1', 'organizations'), 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' } }, '{}')).toMatchObject({ service: 'organizations', action: 'ListAccounts' })
    expect(describeRequest({ method: 'POST', url: '/listRegions', headers: { authorization: auth('us-east-1', 'account') } }, '{}')).toMatchObject({ action: 'ListRegions' })
    expect(ruleMatches({ region: 'eu-west-1', status: 500, code: 'InternalFailure' }, describeRequest({ method: 'POST', url: '/', headers: { authorization: auth('us-east-1', 'ec2') } }, 'Action=DescribeSecurityGroups'))).toBe(false)
  })
})
