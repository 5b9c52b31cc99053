// IAM calls per account depend on the size of the IAM data, never on the number of users: no
// per-user calls. Measured against moto with 5 and with 60 users.
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { createSession } from '../../src/aws/session.js'
import { collectIam } from '../../src/collect/iam.js'
import { ManagedPolicyCache } from '../../src/collect/managed-policy-cache.js'
import { useEmulator } from '../support/emulator.js'
import { adminClient, credentials, seedUser } from './seed.js'

const env = useEmulator({ resetBeforeEach: false, awsManagedPolicies: true })

describe('collectIam call count does not grow with the number of users (moto)', () => {
  async function iamCallsWith(users: number): Promise<{ calls: Record<string, number>; users: number }> {
    await env.emulator.reset()
    const iam = adminClient(env.endpoint)
    for (let i = 0; i < users; i++) {
      await seedUser(iam, { name: `user-${i}`, password: i % 2 === 0, mfa: i % 3 === 0, accessKey: i % 4 === 0 })
    }
    const counter = new ApiCallCounter()
    const session = createSession({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1, counter })
    const slice = await collectIam(session, new ManagedPolicyCache(), { credentialReport: { initialDelayMs: 10 } })
    if (slice.credentialReport.kind !== 'ok') throw new Error(`credential report unreadable: ${slice.credentialReport.error.code}`)
    return { calls: counter.byOperation(), users: slice.credentialReport.value.users.length }
  }

  it('makes the same IAM calls for 5 users as for 60', async () => {
    const few = await iamCallsWith(5)
    const many = await iamCallsWith(60)
    expect(few.users).toBe(5)
    expect(many.users).toBe(60)
    expect(many.calls).toEqual(few.calls)
    console.info('IAM calls per account (5 and 60 users):', JSON.stringify(few.calls))
  })
})
