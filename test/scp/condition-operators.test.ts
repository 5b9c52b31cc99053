// Every condition operator the SCP evaluator models, in its positive and negated form, plus the
// Null operator's mixed values, glob details (? and case) and ARN part-by-part matching.
import { describe, expect, it } from 'vitest'
import { arnMatches, evaluateConditionEntry, globMatch, isNegatedOperator, isPrincipalArnKey, normaliseContext, type Tri } from '../../src/scp/condition.js'

const ctx = normaliseContext({
  'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/BreakGlass',
  'aws:PrincipalAccount': '222222222222',
  'aws:PrincipalOrgID': 'o-abc',
  'aws:ViaAWSService': 'true',
})
const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values })

describe('operators', () => {
  const rows: [string, ReturnType<typeof entry>, Tri][] = [
    ['StringNotEquals on the value', entry('StringNotEquals', 'aws:PrincipalAccount', '222222222222'), 'false'],
    ['StringEqualsIgnoreCase on another value', entry('StringEqualsIgnoreCase', 'aws:PrincipalOrgID', 'o-xyz'), 'false'],
    ['StringNotEqualsIgnoreCase on the value in another case', entry('StringNotEqualsIgnoreCase', 'aws:PrincipalOrgID', 'O-ABC'), 'false'],
    ['StringNotEqualsIgnoreCase on another value', entry('StringNotEqualsIgnoreCase', 'aws:PrincipalOrgID', 'o-xyz'), 'true'],
    ['StringLike is case-sensitive', entry('StringLike', 'aws:PrincipalOrgID', 'O-*'), 'false'],
    ['StringLike ? matches one character', entry('StringLike', 'aws:PrincipalOrgID', 'o-ab?'), 'true'],
    ['StringNotLike on a matching pattern', entry('StringNotLike', 'aws:PrincipalArn', '*:role/Break*'), 'false'],
    ['StringNotLike on another pattern', entry('StringNotLike', 'aws:PrincipalArn', '*:role/Admin'), 'true'],
    ['ArnNotEquals on the principal', entry('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BreakGlass'), 'false'],
    ['ArnNotEquals on another role', entry('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin'), 'true'],
    ['Bool is case-insensitive', entry('Bool', 'aws:ViaAWSService', 'TRUE'), 'true'],
    ['Bool on the other value', entry('Bool', 'aws:ViaAWSService', 'false'), 'false'],
    ['a policy variable in any value makes the entry undecidable', entry('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/${aws:username}', 'arn:aws:iam::*:role/BreakGlass'), 'unknown'],
    ['a qualifier in the middle of an operator name is not a qualifier', entry('StringEqualsForAnyValue:', 'aws:PrincipalAccount', '222222222222'), 'unknown'],
    ['Null with both true and false is undecidable', entry('Null', 'aws:PrincipalArn', 'true', 'false'), 'unknown'],
    ['Null with a value that is neither true nor false is undecidable', entry('Null', 'aws:PrincipalArn', 'maybe'), 'unknown'],
  ]
  for (const [name, e, expected] of rows) it(name, () => expect(evaluateConditionEntry(e, ctx)).toBe(expected))
})

describe('isNegatedOperator / isPrincipalArnKey', () => {
  it.each([
    ['StringNotEquals', true],
    ['ArnNotLikeIfExists', true],
    ['StringEquals', false],
    ['NotIpAddress', false],
    ['IpAddress', false],
  ])('%s negated: %s', (op, negated) => expect(isNegatedOperator(op)).toBe(negated))
  it('only aws:PrincipalArn (any case) is the principal key', () => {
    expect(isPrincipalArnKey('AWS:PrincipalARN')).toBe(true)
    expect(isPrincipalArnKey('aws:SourceArn')).toBe(false)
  })
})

describe('globMatch', () => {
  it('is case-sensitive unless asked otherwise', () => {
    expect(globMatch('Role/*', 'role/x')).toBe(false)
    expect(globMatch('Role/*', 'role/x', true)).toBe(true)
  })
  it('a wildcard matches line breaks too', () => {
    expect(globMatch('a*b', 'a\nb')).toBe(true)
    expect(globMatch('a*b', 'A\nB', true)).toBe(true)
  })
})

describe('arnMatches', () => {
  it('a pattern with fewer than six parts never matches, even an ARN with empty parts', () => {
    expect(arnMatches('arn:aws:s3', 'arn:aws:s3:::my-bucket')).toBe(false)
  })
  it('a wildcard in the account part does not swallow the resource part', () => {
    expect(arnMatches('arn:aws:logs:*:*:x', 'arn:aws:logs:eu-west-1:123456789012:log-group:x')).toBe(false)
  })
  it('colons inside the resource part are compared as written', () => {
    expect(arnMatches('arn:aws:logs:*:*:log-group:ab', 'arn:aws:logs:eu-west-1:123456789012:log-group:a:b')).toBe(false)
    expect(arnMatches('arn:aws:logs:*:*:log-group:a:b', 'arn:aws:logs:eu-west-1:123456789012:log-group:a:b')).toBe(true)
  })
})
