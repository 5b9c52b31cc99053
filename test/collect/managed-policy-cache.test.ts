import { describe, expect, it } from 'vitest'
import { isAwsManagedPolicyArn, ManagedPolicyCache, type AwsManagedPolicyVersion } from '../../src/collect/managed-policy-cache.js'

const ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const version: AwsManagedPolicyVersion = { name: 'AdministratorAccess', arn: ARN, defaultVersionId: 'v1', document: { Statement: [] } }

describe('ManagedPolicyCache', () => {
  it('runs one fetch for concurrent requests of the same ARN (accounts scanned in parallel share it)', async () => {
    const cache = new ManagedPolicyCache()
    let fetches = 0
    const fetch = async () => {
      fetches++
      await new Promise((r) => setTimeout(r, 20))
      return version
    }
    const results = await Promise.all([cache.get(ARN, fetch), cache.get(ARN, fetch), cache.get(ARN, fetch)])
    expect(fetches).toBe(1)
    expect(results.every((r) => r === results[0])).toBe(true)
    await cache.get(ARN, fetch)
    expect(fetches).toBe(1)
    expect(cache.fetchCount).toBe(1)
  })

  it('shares a failure with those already waiting, but retries on the next request', async () => {
    const cache = new ManagedPolicyCache()
    let fetches = 0
    const failing = async () => {
      fetches++
      throw new Error('AccessDenied')
    }
    const waiting = await Promise.allSettled([cache.get(ARN, failing), cache.get(ARN, failing)])
    expect(waiting.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(fetches).toBe(1)
    expect(await cache.get(ARN, async () => version)).toBe(version)
  })
})

describe('isAwsManagedPolicyArn', () => {
  it('recognises AWS-managed ARNs in every partition, with paths, and nothing else', () => {
    expect(isAwsManagedPolicyArn(ARN)).toBe(true)
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).toBe(true)
    expect(isAwsManagedPolicyArn('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')).toBe(true)
    expect(isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/aws')).toBe(false)
    expect(isAwsManagedPolicyArn('arn:aws:iam::123456789012:policy/aws/policy/x')).toBe(false)
  })
})
