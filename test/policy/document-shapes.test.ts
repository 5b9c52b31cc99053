// parsePolicy on malformed documents (each shape error names the element and the statement) and
// describeStatement on NotAction/NotResource statements.
import { describe, expect, it } from 'vitest'
import { describeStatement, parsePolicy } from '../../src/policy/document.js'

describe('parsePolicy rejects', () => {
  it.each([
    ['a list mixing strings and numbers', { Effect: 'Allow', Action: ['s3:GetObject', 5], Resource: '*' }, 'statement 0: Action must be a string or a list of strings'],
    ['a NotAction that is not a string', { Effect: 'Allow', NotAction: 5, Resource: '*' }, 'statement 0: NotAction must be a string or a list of strings'],
    ['a Resource that is not a string', { Effect: 'Allow', Action: '*', Resource: 5 }, 'statement 0: Resource must be a string or a list of strings'],
    ['a NotResource that is not a string', { Effect: 'Allow', Action: '*', NotResource: {} }, 'statement 0: NotResource must be a string or a list of strings'],
    ['a Condition that is a string', { Effect: 'Allow', Action: '*', Resource: '*', Condition: 'x' }, 'statement 0: Condition must be an object of operator → {key: values}'],
    ['a Condition that is null', { Effect: 'Allow', Action: '*', Resource: '*', Condition: null }, 'statement 0: Condition must be an object of operator → {key: values}'],
    ['an operator mapped to null', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: null } }, 'statement 0: Condition operator StringEquals must map keys to values'],
    ['a condition value that is an object', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:x': { a: 1 } } } }, 'statement 0, StringEquals aws:x: condition values must be strings, numbers or booleans'],
    ['an Effect that is not a string', { Effect: 5, Action: '*', Resource: '*' }, 'statement 0: Effect must be Allow or Deny'],
  ])('%s', (_name, statement, problem) => {
    expect(parsePolicy({ Statement: [statement] })).toEqual({ ok: false, problem })
  })
  it('a null statement', () => {
    expect(parsePolicy({ Statement: [null] })).toEqual({ ok: false, problem: 'statement 0 is not an object' })
  })
})

describe('parsePolicy keeps', () => {
  it('a Sid only when it is a string', () => {
    const parsed = parsePolicy({ Statement: [{ Sid: 42, Effect: 'Allow', Action: '*', Resource: '*' }] })
    expect(parsed.ok && parsed.statements[0]!.sid).toBeUndefined()
  })
})

describe('describeStatement', () => {
  it('includes NotAction and NotResource', () => {
    const parsed = parsePolicy({ Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:role/x' } })
    if (!parsed.ok) throw new Error(parsed.problem)
    expect(describeStatement(parsed.statements[0]!)).toEqual({ index: 0, effect: 'Deny', notAction: ['iam:*'], notResource: ['arn:aws:iam::*:role/x'] })
  })
})
