// The pure half of the user sync: names, keys, UIDs and the desired state, as tables.
import { describe, expect, it } from 'vitest'
import { computeDesiredState, desiredStateSchema, type IamMember, type IamSshKey, type UsersSettings } from '../../src/users/desired-state.js'
import { linuxNameFor } from '../../src/users/names.js'
import { checkPublicKey } from '../../src/users/ssh-keys.js'
import { KeySourceCallRefusedError, keySourceClient, keysInFile } from '../../src/users/key-source.js'
import { parseS3KeySource } from '../../src/users/key-source-schema.js'
import { DeleteObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { assignUids, EMPTY_REGISTRY } from '../../src/users/uid-registry.js'
import { publicKey } from '../support/ssh-keys.js'

describe('linuxNameFor', () => {
  it.each([
    ['alice', 'alice'],
    ['Alice.Smith', 'alice.smith'],
    ['jane.doe@example.com', 'jane.doe'],
    ['bob+ops', 'bob_plus_ops'],
    ['a=b,c', 'a_eq_b_comma_c'],
    ['007', 'u007'],
    ['-dash', 'u-dash'],
    ['_under', '_under'],
  ])('%s → %s', (iam, linux) => {
    expect(linuxNameFor(iam)).toEqual({ ok: true, name: linux })
  })

  it('shortens names over 32 characters stably, keeping long names with a shared prefix apart', () => {
    const a = linuxNameFor('a-very-long-iam-user-name-for-testing-1')
    const b = linuxNameFor('a-very-long-iam-user-name-for-testing-2')
    expect(a.ok && a.name.length).toBe(32)
    expect(a.ok && a.name).toMatch(/^a-very-long-iam-user-na-[0-9a-f]{8}$/)
    expect(a).toEqual(linuxNameFor('a-very-long-iam-user-name-for-testing-1'))
    expect(a).not.toEqual(b)
  })

  it.each([
    ['root', /reserved/],
    ['ec2-user', /reserved/],
    ['Ubuntu', /reserved/],
    ['ssm-user', /reserved/],
    ['systemd-network', /reserved/],
    ['bad name', /not a valid IAM user name/],
    ['$(reboot)', /not a valid IAM user name/],
    ['', /not a valid IAM user name/],
  ])('%j is refused', (iam, reason) => {
    const r = linuxNameFor(iam)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(reason)
  })
})

describe('checkPublicKey', () => {
  it.each(['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'sk-ssh-ed25519@openssh.com'])('accepts a %s key, dropping its comment', (type) => {
    const line = publicKey(type)
    expect(checkPublicKey(`${line} jane@laptop`)).toEqual({ ok: true, line, type })
  })

  it.each([
    ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', /private key/],
    ['options in front (command=)', `command="rm -rf /" ${publicKey()}`, /unknown key type/],
    ['two lines', `${publicKey()}\n${publicKey('ssh-ed25519', 2)}`, /more than one line/],
    ['an unknown type', publicKey('ssh-dss'), /unknown key type/],
    ['a blob naming another type', publicKey('ssh-ed25519', 1, 'ssh-rsa'), /says "ssh-rsa", not ssh-ed25519/],
    ['not base64', 'ssh-ed25519 AAAA$$$$', /not base64/],
    ['only a type', 'ssh-ed25519', /not "<type> <base64>"/],
  ])('refuses %s', (_name, text, reason) => {
    const r = checkPublicKey(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(reason)
  })
})

describe('assignUids', () => {
  const range = { min: 200000, max: 200003 }
  const now = new Date('2026-12-01T00:00:00Z')
  it('gives new users the next UIDs, keeps known ones, never reuses a removed user\'s UID', () => {
    const first = assignUids(EMPTY_REGISTRY, [{ iamUserId: 'AIDA2', iamName: 'bob', linuxName: 'bob' }, { iamUserId: 'AIDA1', iamName: 'alice', linuxName: 'alice' }], range, now)
    expect([...first.assigned]).toEqual([
      ['AIDA1', { uid: 200000, linuxName: 'alice' }],
      ['AIDA2', { uid: 200001, linuxName: 'bob' }],
    ])
    // alice leaves; carol joins: carol gets 200002, not alice's 200000. alice comes back: 200000 again.
    const second = assignUids(first.registry, [{ iamUserId: 'AIDA2', iamName: 'bob', linuxName: 'bob' }, { iamUserId: 'AIDA3', iamName: 'carol', linuxName: 'carol' }], range, now)
    expect(second.assigned.get('AIDA3')).toEqual({ uid: 200002, linuxName: 'carol' })
    const third = assignUids(second.registry, [{ iamUserId: 'AIDA1', iamName: 'alice', linuxName: 'alice' }], range, now)
    expect(third.assigned.get('AIDA1')).toEqual({ uid: 200000, linuxName: 'alice' })
  })

  it('a renamed IAM user keeps its UID and Linux name', () => {
    const first = assignUids(EMPTY_REGISTRY, [{ iamUserId: 'AIDA1', iamName: 'alice', linuxName: 'alice' }], range, now)
    const renamed = assignUids(first.registry, [{ iamUserId: 'AIDA1', iamName: 'alice.smith', linuxName: 'alice.smith' }], range, now)
    expect(renamed.assigned.get('AIDA1')).toEqual({ uid: 200000, linuxName: 'alice' })
    expect(renamed.registry.entries.AIDA1!.iamName).toBe('alice.smith')
  })

  it('collisions are reported, never merged; an exhausted range is reported', () => {
    const first = assignUids(EMPTY_REGISTRY, [{ iamUserId: 'AIDA1', iamName: 'Jane', linuxName: 'jane' }], range, now)
    const clash = assignUids(first.registry, [{ iamUserId: 'AIDA1', iamName: 'Jane', linuxName: 'jane' }, { iamUserId: 'AIDA9', iamName: 'jane@example.com', linuxName: 'jane' }], range, now)
    expect(clash.assigned.has('AIDA9')).toBe(false)
    expect(clash.problems).toEqual([{ iamName: 'jane@example.com', reason: expect.stringMatching(/"jane", which Jane already has/) }])
    const both = assignUids(EMPTY_REGISTRY, [{ iamUserId: 'AIDA5', iamName: 'Max', linuxName: 'max' }, { iamUserId: 'AIDA6', iamName: 'max@example.com', linuxName: 'max' }], range, now)
    expect(both.assigned.size).toBe(0)
    expect(both.problems).toHaveLength(2)
    const full = assignUids(EMPTY_REGISTRY, ['a', 'b', 'c', 'd', 'e'].map((n, i) => ({ iamUserId: `AIDA${i}`, iamName: n, linuxName: n })), range, now)
    expect(full.assigned.size).toBe(4)
    expect(full.problems).toEqual([{ iamName: 'e', reason: expect.stringMatching(/no UID left in 200000–200003/) }])
  })
})

describe('computeDesiredState', () => {
  const settings: UsersSettings = { loginGroups: ['SshMembers'], sudoGroups: ['SshAdministrators'], extraGroups: ['developers'], markerGroup: 'guardrail-users', uidRange: { min: 200000, max: 299999 }, homeOnRemove: 'archive', maxDeleteShare: 0.25, allowEmpty: false }
  const m = (userName: string, userId: string): IamMember => ({ userName, userId })
  const k = (id: string, body: string, status: IamSshKey['status'] = 'Active'): IamSshKey => ({ id, status, body })
  const state = (members: Record<string, IamMember[]>, keys: Record<string, IamSshKey[]> = {}) =>
    computeDesiredState({ settings, members: new Map(Object.entries(members)), keys: new Map(Object.entries(keys)), registry: EMPTY_REGISTRY, now: new Date('2026-12-01T00:00:00Z') })

  it('members of login groups log in; sudo groups grant login and sudo; a user in both is listed once, with sudo', () => {
    const r = state({ SshMembers: [m('alice', 'AIDA1'), m('bob', 'AIDA2')], SshAdministrators: [m('bob', 'AIDA2'), m('carol', 'AIDA3')], Other: [m('dave', 'AIDA4')] })
    expect(desiredStateSchema.safeParse(r.state).success).toBe(true)
    expect(r.state.users.map((u) => [u.name, u.sudo])).toEqual([
      ['alice', false],
      ['bob', true],
      ['carol', true],
    ])
    expect(r.state.users.every((u) => u.groups.join() === 'developers')).toBe(true)
  })

  it('only active, valid public keys; an inactive key is left out; a private key is refused and flagged', () => {
    const good = publicKey('ssh-ed25519', 3)
    const r = state({ SshMembers: [m('alice', 'AIDA1')] }, { alice: [k('APKA1', `${good} alice@laptop`), k('APKA2', publicKey('ssh-rsa', 4), 'Inactive'), k('APKA3', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')] })
    expect(r.state.users[0]!.keys).toEqual([good])
    expect(r.problems).toEqual([{ iamName: 'alice', reason: expect.stringMatching(/SSH key APKA3: this is a private key/), privateKey: true }])
  })

  it('hostile and reserved IAM names are reported, never become users', () => {
    const r = state({ SshMembers: [m('root', 'AIDA1'), m('ok.user', 'AIDA2')] })
    expect(r.state.users.map((u) => u.name)).toEqual(['ok.user'])
    expect(r.problems[0]).toMatchObject({ iamName: 'root', reason: expect.stringMatching(/reserved/) })
  })

  it('carries the guards to the script: marker group, UID floor, deletion cap, empty-state flag', () => {
    const r = state({})
    expect(r.state).toMatchObject({ users: [], allowEmpty: false, maxDeleteShare: 0.25, uidMin: 200000, markerGroup: 'guardrail-users', homeOnRemove: 'archive' })
  })
})

describe('S3 key files', () => {
  it.each([
    ['one key', `${publicKey()}\n`, [[`f line 1`, publicKey()]]],
    ['comments and blank lines skipped, CRLF, line numbers kept', `# mine\r\n\r\n${publicKey('ssh-rsa', 2)} me@host\r\n`, [[`f line 3`, `${publicKey('ssh-rsa', 2)} me@host`]]],
    ['a private key makes the whole file one refused entry', `${publicKey()}\n-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----`, [['f', expect.stringContaining('PRIVATE KEY')]]],
    ['empty file', '', []],
  ])('%s', (_what, text, expected) => {
    expect(keysInFile('f', text).map((k) => [k.id, k.body])).toEqual(expected)
  })

  it.each([
    ['s3://corp-keys/users/', { type: 's3', bucket: 'corp-keys', prefix: 'users/' }],
    ['s3://corp-keys/', { type: 's3', bucket: 'corp-keys', prefix: '' }],
    ['s3://corp-keys/users', { error: expect.stringMatching(/prefix.*ending in '\/'/) }],
    ['s3://Corp_Keys/', { error: expect.stringMatching(/bucket/) }],
    ['s3://corp-keys/a*/', { error: expect.stringMatching(/wildcards/) }],
    ['corp-keys/users/', { error: expect.stringMatching(/expected s3:\/\//) }],
  ])('parseS3KeySource(%s)', (uri, expected) => {
    expect(parseS3KeySource(uri)).toEqual(expected)
  })
})

describe('the key source client', () => {
  it('lists and reads key files only: any other S3 call is refused before it is signed (the reads themselves: test/users/plan.e2e.test.ts)', async () => {
    const s3 = keySourceClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })
    for (const command of [new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }), new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }), new ListBucketsCommand({})]) {
      await expect(s3.send(command as never)).rejects.toBeInstanceOf(KeySourceCallRefusedError)
    }
  })
})
