// Wildcard edge cases: a '*' that matches nothing, trailing '*'s, and all-'*' spellings.
import { describe, expect, it } from 'vitest'
import { actionMatches, coversAllActions, coversAllResources } from '../../src/policy/wildcard.js'

describe('actionMatches', () => {
  it.each([
    ['s3:Get*Object', 's3:GetObject', true],
    ['*iam:CreateUser', 'iam:CreateUser', true],
    ['iam:CreateUser*', 'iam:CreateUser', true],
    ['iam:CreateUser**', 'iam:CreateUser', true],
    ['iam:CreateUser*x', 'iam:CreateUser', false],
  ])('%s vs %s → %s', (pattern, action, expected) => expect(actionMatches(pattern, action)).toBe(expected))
})

describe('all-* spellings', () => {
  it('coversAllActions', () => {
    expect(coversAllActions('*:**')).toBe(true)
    expect(coversAllActions('**x')).toBe(false)
  })
  it('coversAllResources', () => {
    expect(coversAllResources('**')).toBe(true)
  })
})
