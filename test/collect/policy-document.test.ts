import { describe, expect, it } from 'vitest'
import { decodePolicyDocument, isUnparseablePolicy, UNPARSEABLE_POLICY_KEY } from '../../src/collect/policy-document.js'
import { parsePolicy } from '../../src/policy/document.js'

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%/*' }] }

describe('decodePolicyDocument', () => {
  it('decodes the URL-encoded JSON IAM returns, exactly once', () => {
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc)
  })

  it('accepts plain JSON (moto returns trust policies and AWS-managed versions unencoded) without corrupting a literal %', () => {
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc)
    expect(decodePolicyDocument(`  \n${JSON.stringify(doc)}`)).toEqual(doc)
  })

  const bad: [string, string, RegExp][] = [
    ['broken URL encoding', '%E0%A4%A', /URL-encoded/],
    ['text that is not JSON', encodeURIComponent('{"Statement": ['), /not valid JSON/],
    ['a JSON array', encodeURIComponent('[1,2]'), /not a JSON object/],
    ['a JSON string', encodeURIComponent('"Allow everything"'), /not a JSON object/],
  ]
  for (const [name, raw, reason] of bad) {
    it(`marks ${name} as unparseable instead of throwing, so checks can say error`, () => {
      const result = decodePolicyDocument(raw)
      expect(isUnparseablePolicy(result)).toBe(true)
      expect((result[UNPARSEABLE_POLICY_KEY] as { reason: string }).reason).toMatch(reason)
      expect(parsePolicy(result).ok).toBe(false)
    })
  }

  it('does not mark a good document', () => {
    expect(isUnparseablePolicy(decodePolicyDocument(JSON.stringify(doc)))).toBe(false)
    expect(isUnparseablePolicy(undefined)).toBe(false)
  })
})
