// Per-service limits: a limited session never has more calls of a service in flight than its cap,
// whoever sends them; per-scan caps are shared across accounts, per-account caps are not.
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { limitSession, ScanLimiters } from '../../src/orchestrate/service-limits.js'

const XML = '<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>'

/** An HTTP handler that answers after a pause and records the peak number of requests in flight. */
function slowHandler() {
  const state = { inFlight: 0, peak: 0, requests: 0 }
  const handler = {
    async handle() {
      state.requests++
      state.inFlight++
      state.peak = Math.max(state.peak, state.inFlight)
      await new Promise((r) => setTimeout(r, 15))
      state.inFlight--
      return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(XML)]) } }
    },
  }
  return { handler, state }
}

const session = (handler: unknown) =>
  createSession({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, counter: new ApiCallCounter(), endpoint: 'http://127.0.0.1:1', maxAttempts: 1, requestHandler: handler as never })

describe('service limits', () => {
  it('caps IAM calls per account and keeps accounts independent', async () => {
    const { handler, state } = slowHandler()
    const limiters = new ScanLimiters({ perScan: {}, perAccount: { iam: 2 } })
    const a = limitSession(session(handler), limiters.forAccount('111111111111'))
    const b = limitSession(session(handler), limiters.forAccount('222222222222'))
    // The same client twice: the middleware must be installed once, not stacked.
    expect(a.client('iam')).toBe(a.client('iam'))
    await Promise.all([...Array(8)].map(() => a.client('iam').send(new GetAccountSummaryCommand({}))))
    expect(state.peak).toBe(2)
    state.peak = 0
    await Promise.all([...Array(8)].flatMap(() => [a.client('iam').send(new GetAccountSummaryCommand({})), b.client('iam').send(new GetAccountSummaryCommand({}))]))
    expect(state.peak).toBe(4)
    expect(state.requests).toBe(24)
  })

  it('shares a per-scan cap across every account', async () => {
    const { handler, state } = slowHandler()
    const limiters = new ScanLimiters({ perScan: { iam: 3 }, perAccount: { iam: 10 } })
    const sessions = ['111111111111', '222222222222', '333333333333'].map((id) => limitSession(session(handler), limiters.forAccount(id)))
    await Promise.all(sessions.flatMap((s) => [...Array(4)].map(() => s.client('iam').send(new GetAccountSummaryCommand({})))))
    expect(state.peak).toBe(3)
  })

  it('gives EC2 a separate cap per region', () => {
    const limiters = new ScanLimiters({ perScan: {}, perAccount: { ec2: 1 } })
    const forAccount = limiters.forAccount('111111111111')
    expect(forAccount('ec2', 'eu-west-1')).toBe(forAccount('ec2', 'eu-west-1'))
    expect(forAccount('ec2', 'eu-west-1')).not.toBe(forAccount('ec2', 'us-east-1'))
    expect(forAccount('iam', 'eu-west-1')).toBeUndefined()
  })
})
