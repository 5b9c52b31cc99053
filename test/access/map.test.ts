// The access map over a small organization built in memory: an identity account whose groups grant
// role assumption into prod and dev, roles restricted to tagged instances, an SCP that takes sessions
// away in dev, an MFA condition left undecided, role chaining, Run As, and the user-sync accounts.
import { describe, expect, it } from 'vitest'
import { buildAccessMap } from '../../src/access/map.js'
import { accessMapSchema } from '../../src/access/map-schema.js'
import { renderAccessHtml, renderAccessMapCsv } from '../../src/access/outputs.js'
import { unreadable } from '../support/builders.js'
import { ALICE, BOB, CAROL, DEV, IDENT, options, organization, PROD, REGION } from '../support/access-org.js'

describe('buildAccessMap', () => {
  const map = buildAccessMap(organization([ALICE, BOB, CAROL]), options)
  const principal = (name: string) => map.principals.find((p) => p.name === name)!

  it('is valid against its schema', () => {
    expect(() => accessMapSchema.parse(map)).not.toThrow()
    expect(map.principals.map((p) => p.name)).toEqual(['alice', 'bob', 'carol'])
  })

  it('roles through group policies and trust of the identity account, chained roles included, each hop explained', () => {
    const alice = principal('alice')
    expect(alice.owner).toBe('team-a')
    expect(alice.roles.map((r) => [r.roleArn, r.verdict, r.via, r.groups])).toEqual([
      [`arn:aws:iam::${PROD}:role/Developer`, 'allowed', [], ['Developers']],
      [`arn:aws:iam::${PROD}:role/Reader`, 'allowed', [`arn:aws:iam::${PROD}:role/Developer`], ['Developers']],
      [`arn:aws:iam::${DEV}:role/Developer`, 'allowed', [], ['Developers']],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
    const first = alice.roles.find((r) => r.roleArn === `arn:aws:iam::${PROD}:role/Developer`)!
    expect(first.hops[0]!.allowedBy).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'identity', group: 'Developers', account: IDENT }), expect.objectContaining({ kind: 'trust', account: PROD })]))
    expect(principal('bob').roles).toEqual([])
  })

  it('sessions only on instances whose tags the role policy allows; Run As from the role tag; logging; an SCP deny removes a whole account', () => {
    const sessions = principal('alice').sessions.filter((s) => s.path === 'session-manager')
    expect(sessions.map((s) => [s.instanceId, s.verdict, s.via, s.osUser, s.logged])).toEqual([['i-dev', 'allowed', [`arn:aws:iam::${PROD}:role/Developer`], 'devuser', true]])
  })

  it('an undecidable trust condition (MFA) makes the role and everything behind it conditional, quoting the condition', () => {
    const carol = principal('carol')
    const admin = carol.roles.find((r) => r.roleArn === `arn:aws:iam::${PROD}:role/Admin`)!
    expect(admin.verdict).toBe('conditional')
    expect(admin.conditions.join(' ')).toMatch(/aws:MultiFactorAuthPresent/)
    const sessions = carol.sessions.filter((s) => s.path === 'session-manager')
    // Admins may assume any role: Developer too, whose trust has no MFA condition (a second, unconditional path to i-dev).
    expect(sessions.map((s) => [s.instanceId, s.verdict, s.osUser, s.via.map((v) => v.split('/')[1])])).toEqual([
      ['i-dev', 'conditional', 'ops', ['Admin']],
      ['i-dev', 'allowed', 'devuser', ['Developer']],
      ['i-prod', 'conditional', 'ops', ['Admin']],
    ])
  })

  it('Linux accounts from the user sync on the tagged instances, with SSH reachability', () => {
    expect(principal('alice').linuxAccounts).toEqual([expect.objectContaining({ instanceId: 'i-dev', account: PROD, linuxName: 'alice', sudo: false, groups: ['Developers'], sshOpenTo: ['10.0.0.0/8'] })])
    expect(principal('carol').linuxAccounts).toEqual([])
    // An instance two selectors pick is one Linux account, not two.
    const twice = buildAccessMap(organization([ALICE]), { ...options, userSync: { ...options.userSync!, instances: [...options.userSync!.instances, { accounts: [PROD], regions: [REGION], tag: { key: 'env', value: 'dev' } }] } })
    expect(twice.principals[0]!.linuxAccounts.map((l) => l.instanceId)).toEqual(['i-dev'])
  })

  it('the inverse view lists everyone who can reach each instance', () => {
    const byId = new Map(map.instances.map((i) => [i.instanceId, i]))
    expect(byId.get('i-dev')!.access.map((a) => `${a.principal.split('/')[1]} ${a.path} ${a.verdict}`).sort()).toEqual(['alice linux-account allowed', 'alice session-manager allowed', 'carol session-manager allowed', 'carol session-manager conditional'])
    expect(byId.get('i-prod')!.access.map((a) => a.principal.split('/')[1])).toEqual(['carol'])
    expect(byId.get('i-dev2')!.access).toEqual([])
    expect(byId.get('i-dev')!.sshOpenTo).toEqual(['10.0.0.0/8'])
  })

  it('a user removed from the group disappears from the map', () => {
    const after = buildAccessMap(organization([{ ...ALICE, groups: [] }, BOB, CAROL]), options)
    const alice = after.principals.find((p) => p.name === 'alice')!
    expect([alice.roles, alice.sessions, alice.linuxAccounts]).toEqual([[], [], []])
    expect(new Set(after.instances.find((i) => i.instanceId === 'i-dev')!.access.map((a) => a.principal.split('/')[1]))).toEqual(new Set(['carol']))
  })

  it('filters principals and instances; names what it could not see', () => {
    const only = buildAccessMap(organization([ALICE, BOB, CAROL]), { ...options, principal: (u) => u.name === 'carol', instance: (id) => id === 'i-prod' })
    expect(only.principals.map((p) => p.name)).toEqual(['carol'])
    expect(only.principals[0]!.sessions.map((s) => s.instanceId)).toEqual(['i-prod'])
    const s = organization([ALICE])
    s.accounts[2]!.regional[REGION]!['ec2.instances'] = unreadable({ code: 'AccessDenied', message: 'no', operation: 'ec2:DescribeInstances' })
    expect(buildAccessMap(s, options).gaps).toEqual(expect.arrayContaining([{ account: DEV, region: REGION, what: expect.stringMatching(/instances not readable/) }]))
  })

  it('writes CSV with hostile names defused and HTML with them escaped', () => {
    const hostile = buildAccessMap(organization([{ ...ALICE, tags: { owner: '=HYPERLINK("http://x")<script>' } }]), options)
    const csv = renderAccessMapCsv(hostile)
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")<script>"`)
    const html = renderAccessHtml(hostile)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
  })
})
