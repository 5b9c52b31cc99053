import { describe, expect, it } from 'vitest'
import { arnMatches, evaluateConditionEntry, evaluateConditions, normaliseContext, type Tri } from '../../src/scp/condition.js'

const ctx = normaliseContext({ 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/BreakGlass', 'aws:PrincipalAccount': '222222222222', 'aws:PrincipalOrgID': 'o-abc' })
const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values })

describe('evaluateConditionEntry', () => {
  const rows: [string, ReturnType<typeof entry>, Tri][] = [
    ['ArnLike with account wildcard', entry('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BreakGlass'), 'true'],
    ['ArnNotLike on the same pattern', entry('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BreakGlass'), 'false'],
    ['ArnNotLike on another role', entry('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin'), 'true'],
    ['ArnEquals behaves like ArnLike', entry('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Break*'), 'true'],
    ['any of several values (OR)', entry('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/*', 'arn:aws:iam::*:role/*'), 'true'],
    ['StringEquals is case-sensitive', entry('StringEquals', 'aws:PrincipalOrgID', 'O-ABC'), 'false'],
    ['StringEqualsIgnoreCase', entry('StringEqualsIgnoreCase', 'aws:PrincipalOrgID', 'O-ABC'), 'true'],
    ['condition keys are case-insensitive', entry('StringEquals', 'AWS:principalorgid', 'o-abc'), 'true'],
    ['StringNotEquals', entry('StringNotEquals', 'aws:PrincipalAccount', '999999999999'), 'true'],
    ['IfExists suffix on a known key', entry('StringEqualsIfExists', 'aws:PrincipalAccount', '222222222222'), 'true'],
    ['ForAnyValue prefix on a single-valued key', entry('ForAnyValue:StringLike', 'aws:PrincipalArn', '*BreakGlass'), 'true'],
    ['Null false on a known key', entry('Null', 'aws:PrincipalArn', 'false'), 'true'],
    ['Null true on a known key', entry('Null', 'aws:PrincipalArn', 'true'), 'false'],
    ['unknown key', entry('StringNotEquals', 'aws:RequestedRegion', 'eu-west-1'), 'unknown'],
    ['Null on an unknown key', entry('Null', 'aws:MultiFactorAuthPresent', 'true'), 'unknown'],
    ['operator we do not model', entry('IpAddress', 'aws:PrincipalAccount', '10.0.0.0/8'), 'unknown'],
    ['policy variable in the value', entry('StringLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/${aws:username}'), 'unknown'],
    ['regex metacharacters in a pattern are literal', entry('StringLike', 'aws:PrincipalOrgID', 'o-.*'), 'false'],
  ]
  for (const [name, e, expected] of rows) it(name, () => expect(evaluateConditionEntry(e, ctx)).toBe(expected))
})

describe('evaluateConditions (AND across entries)', () => {
  it('a false entry decides even next to an unknown one', () => {
    expect(evaluateConditions([entry('StringEquals', 'aws:RequestedRegion', 'x'), entry('StringEquals', 'aws:PrincipalAccount', '1')], ctx)).toEqual({ result: 'false', undecided: [] })
  })
  it('unknown entries are listed', () => {
    const out = evaluateConditions([entry('StringEquals', 'aws:RequestedRegion', 'x'), entry('StringEquals', 'aws:PrincipalAccount', '222222222222')], ctx)
    expect(out.result).toBe('unknown')
    expect(out.undecided.map((u) => u.key)).toEqual(['aws:RequestedRegion'])
  })
  it('no entries: true', () => expect(evaluateConditions([], ctx).result).toBe('true'))
})

describe('arnMatches', () => {
  it('matches part by part: a wildcard does not cross a colon', () => {
    expect(arnMatches('arn:aws:iam::*:root', 'arn:aws:iam::123456789012:root')).toBe(true)
    expect(arnMatches('arn:aws:iam::*', 'arn:aws:iam::123456789012:root')).toBe(false)
  })
  it('the resource part may contain colons', () => {
    expect(arnMatches('arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:eu-west-1:123456789012:log-group:app:*')).toBe(true)
  })
  it('a value that is not an ARN never matches', () => {
    expect(arnMatches('arn:aws:iam::*:root', 'root')).toBe(false)
  })
})
