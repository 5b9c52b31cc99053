// The shared helper of the ssm IAM-policy checks (src/checks/lib/iam-grants.ts): which statements
// allow an action, and whether a resource pattern can reach every node of a kind.
import { describe, expect, it } from 'vitest'
import { parsePolicy, type Statement } from '../../../src/policy/document.js'
import { allowsAction, arnShape, patternMeetsShape, readPoliciesInUse } from '../../../src/checks/lib/iam-grants.js'
import { group, managedPolicy, role } from '../../support/builders.js'

const statement = (raw: Record<string, unknown>): Statement => {
  const parsed = parsePolicy({ Statement: [raw] })
  if (!parsed.ok) throw new Error(parsed.problem)
  return parsed.statements[0]!
}

describe('allowsAction', () => {
  it.each([
    [{ Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' }, true],
    [{ Effect: 'Allow', Action: 'SSM:startsession', Resource: '*' }, true],
    [{ Effect: 'Allow', Action: ['ec2:*', 'ssm:Start*'], Resource: '*' }, true],
    [{ Effect: 'Allow', Action: '*', Resource: '*' }, true],
    [{ Effect: 'Allow', Action: 'ssm:StartSess?on', Resource: '*' }, true],
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, true],
    [{ Effect: 'Allow', NotAction: 'ssm:*', Resource: '*' }, false],
    [{ Effect: 'Allow', Action: 'ssm:StartAutomationExecution', Resource: '*' }, false],
    [{ Effect: 'Deny', Action: 'ssm:StartSession', Resource: '*' }, false],
  ])('%j → %s', (raw, expected) => {
    expect(allowsAction(statement(raw), 'ssm:StartSession')).toBe(expected)
  })
})

describe('patternMeetsShape: can a resource pattern match some ARN of the shape?', () => {
  const instance = arnShape('arn:{}:ec2:{}:{}:instance/i-0123456789abcdef0')
  it.each([
    ['*', true],
    ['arn:aws:ec2:*:*:instance/*', true],
    ['arn:aws:ec2:eu-west-1:111111111111:instance/*', true],
    ['arn:aws:ec2:*', true],
    ['arn:aws:*:*:*:instance/i-0123456789abcdef0', true],
    ['arn:aws:ec2:?????????:111111111111:instance/i-0???????????????0', true],
    ['arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0', true],
    ['arn:aws:ec2:eu-west-1:111111111111:instance/i-0aaa', false],
    ['arn:aws:ec2:*:*:instance/i-0abc*', false],
    // '*' crosses ':' in IAM, but no real instance ARN has a colon in its region or account.
    ['arn:aws:ssm:*:*:document/*', false],
    ['arn:aws:ssm:*:*:managed-instance/*', false],
    ['arn:aws:ec2:*:*:volume/*', false],
    ['', false],
  ])('%s → %s', (pattern, expected) => {
    expect(patternMeetsShape(pattern, instance)).toBe(expected)
  })

  it('stays fast on long, star-heavy patterns (memoised, not exponential)', () => {
    // Every '*' and the shape's fields could absorb the a's; only the final 'Z' cannot be matched.
    const pattern = `${'*a'.repeat(400)}*Z`
    const started = Date.now()
    expect(patternMeetsShape(pattern, instance)).toBe(false)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('readPoliciesInUse', () => {
  it('reads attached managed policies and inline policies, names inline ones <principal>#inline-policy/<name>, skips unattached ones', () => {
    const used = managedPolicy('used', { Statement: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' } })
    const unused = managedPolicy('unused', { Statement: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' } }, { attachmentCount: 0 })
    const readings = readPoliciesInUse({
      users: [],
      groups: [group('g', { attachedPolicies: [{ name: 'used', arn: used.arn }], inlinePolicies: [{ name: 'inl', document: { Statement: [] } }] })],
      roles: [role('r', { attachedPolicies: [{ name: 'missing', arn: 'arn:aws:iam::111111111111:policy/missing' }] })],
      policies: [used, unused],
    })
    expect(readings.map((r) => [r.policy.resource, 'unreadable' in r ? r.unreadable.code : 'ok'])).toEqual([
      [used.arn, 'ok'],
      ['arn:aws:iam::111111111111:policy/missing', 'PolicyNotInSnapshot'],
      ['arn:aws:iam::111111111111:group/g#inline-policy/inl', 'ok'],
    ])
  })
})
