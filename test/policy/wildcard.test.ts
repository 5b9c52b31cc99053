import { describe, expect, it } from 'vitest'
import { actionMatches, coversAllActions, coversAllResources } from '../../src/policy/wildcard.js'

describe('actionMatches', () => {
  it.each([
    ['*', 'iam:CreateUser', true],
    ['iam:*', 'iam:CreateUser', true],
    ['iam:*', 'iamx:CreateUser', false],
    ['IAM:create*', 'iam:CreateUser', true],
    ['iam:CreateUser', 'IAM:CREATEUSER', true],
    ['iam:?reateUser', 'iam:CreateUser', true],
    ['iam:?reateUser', 'iam:reateUser', false],
    ['iam:Create', 'iam:CreateUser', false],
    ['cloudtrail:*Trail', 'cloudtrail:DeleteTrail', true],
    ['cloudtrail:*Trail', 'cloudtrail:DeleteTrails', false],
    ['s3:*Object*', 's3:GetObjectAcl', true],
    ['s3:Get*Acl', 's3:GetObjectAcl', true],
    ['s3:Get*Acl', 's3:GetObject', false],
    ['', 'iam:CreateUser', false],
    ['*:*', 'sts:AssumeRole', true],
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected)
  })

  it('stays fast on patterns that force backtracking', () => {
    const start = performance.now()
    expect(actionMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false)
    expect(performance.now() - start).toBeLessThan(500)
  })
})

describe('coversAllActions / coversAllResources', () => {
  it.each([
    ['*', true],
    ['*:*', true],
    ['**', true],
    ['iam:*', false],
    ['*:Get*', false],
    ['s3*', false],
  ])('action pattern %s covers everything: %s', (pattern, expected) => {
    expect(coversAllActions(pattern)).toBe(expected)
  })

  it.each([
    ['*', true],
    ['arn:aws:s3:::*', false],
    ['*:*', false],
  ])('resource pattern %s covers everything: %s', (pattern, expected) => {
    expect(coversAllResources(pattern)).toBe(expected)
  })
})
