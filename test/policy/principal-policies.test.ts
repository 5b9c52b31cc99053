import { describe, expect, it } from 'vitest'
import { policiesOfUser } from '../../src/policy/principal-policies.js'
import type { AuthorizationDetails } from '../../src/snapshot/schema.js'
import { group, iamUser, managedPolicy, user } from '../support/builders.js'

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }

describe('policiesOfUser', () => {
  const known = managedPolicy('known', doc)
  const unread = managedPolicy('unread', doc, { document: undefined })
  const details: AuthorizationDetails = {
    users: [],
    roles: [],
    groups: [group('devs', { inlinePolicies: [{ name: 'g-inline', document: doc }], attachedPolicies: [{ name: 'unread', arn: unread.arn }] })],
    policies: [known, unread],
  }

  it('lists user, group and boundary policies in order, with unknown documents marked', () => {
    const u = iamUser(
      user({
        name: 'ci',
        inlinePolicies: [{ name: 'u-inline', document: doc }],
        attachedPolicies: [{ name: 'known', arn: known.arn }],
        groups: ['devs', 'ghost'],
        permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/missing-boundary',
      }),
    )
    const applied = policiesOfUser(u, details)
    expect(applied.map((p) => [p.source, p.label, p.document !== undefined])).toEqual([
      ['user-inline', 'u-inline', true],
      ['user-managed', known.arn, true],
      ['group-inline', 'devs/g-inline', true],
      ['group-managed', `devs/${unread.arn}`, false],
      ['group-inline', 'group ghost', false],
      ['permissions-boundary', 'arn:aws:iam::111111111111:policy/missing-boundary', false],
    ])
    expect(applied[3]!.missing).toMatch(/could not be read/)
    expect(applied[4]!.missing).toMatch(/group ghost is not in the snapshot/)
    expect(applied[5]!.missing).toMatch(/not in the snapshot's policy list/)
  })

  it('returns nothing for a user with no policies, groups or boundary', () => {
    expect(policiesOfUser(iamUser(user({ name: 'bare' })), details)).toEqual([])
  })
})
