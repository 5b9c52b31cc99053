import { describe, expect, it } from 'vitest'
import { conditionKeyEquals, describeStatement, parsePolicy } from '../../src/policy/document.js'

describe('parsePolicy', () => {
  it('accepts a single Statement object and string elements', () => {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } })
    expect(parsed).toEqual({ ok: true, statements: [{ index: 0, effect: 'Allow', action: ['s3:GetObject'], resource: ['*'], conditions: [] }] })
  })

  it('keeps arrays, NotAction, NotResource, Sid and positions', () => {
    const parsed = parsePolicy({
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
        { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:role/x' },
      ],
    })
    if (!parsed.ok) throw new Error(parsed.problem)
    expect(parsed.statements[0]).toMatchObject({ index: 0, sid: 'A', action: ['s3:Get*', 's3:List*'], resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })
    expect(parsed.statements[1]).toMatchObject({ index: 1, effect: 'Deny', notAction: ['iam:*'], notResource: ['arn:aws:iam::*:role/x'] })
    expect(parsed.statements[1]!.action).toBeUndefined()
  })

  it('flattens conditions into operator / key / string values', () => {
    const parsed = parsePolicy({
      Statement: {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] }, Bool: { 'aws:ViaAWSService': false }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } },
      },
    })
    if (!parsed.ok) throw new Error(parsed.problem)
    expect(parsed.statements[0]!.conditions).toEqual([
      { operator: 'NotIpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24', '203.0.113.0/24'] },
      { operator: 'Bool', key: 'aws:ViaAWSService', values: ['false'] },
      { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] },
    ])
  })

  it('reads Effect case-insensitively', () => {
    const parsed = parsePolicy({ Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] })
    expect(parsed.ok && parsed.statements[0]!.effect).toBe('Allow')
  })

  it.each([
    [{}, /no Statement/],
    [{ Statement: ['x'] }, /statement 0 is not an object/],
    [{ Statement: [{ Effect: 'Permit', Action: '*' }] }, /Effect must be Allow or Deny/],
    [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }, /exactly one of Action or NotAction/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', NotAction: 'iam:*' }] }, /exactly one of Action or NotAction/],
    [{ Statement: [{ Effect: 'Allow', Action: [1], Resource: '*' }] }, /Action must be a string or a list of strings/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'a' }] }, /Resource and NotResource/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Condition: ['x'] }] }, /Condition must be an object/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Condition: { IpAddress: 'x' } }] }, /must map keys to values/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Condition: { IpAddress: { 'aws:SourceIp': { a: 1 } } } }] }, /condition values/],
  ])('rejects malformed document %j', (doc, problem) => {
    const parsed = parsePolicy(doc)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })
})

describe('conditionKeyEquals', () => {
  it('ignores case', () => {
    expect(conditionKeyEquals('AWS:sourceip', 'aws:SourceIp')).toBe(true)
    expect(conditionKeyEquals('aws:SourceVpce', 'aws:SourceVpc')).toBe(false)
  })
})

describe('describeStatement', () => {
  it('names the statement and its condition operators without values', () => {
    const parsed = parsePolicy({ Statement: [{ Sid: 'OfficeOnly', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }] })
    if (!parsed.ok) throw new Error(parsed.problem)
    expect(describeStatement(parsed.statements[0]!)).toEqual({ index: 0, effect: 'Deny', sid: 'OfficeOnly', action: ['*'], resource: ['*'], condition: ['NotIpAddress aws:SourceIp'] })
  })
})
