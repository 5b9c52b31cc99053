// guardrail users plan against the emulator: IAM groups and keys read once, UIDs from the central
// registry (stable across plans), changes since the last applied sync, bad configuration refused.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AddUserToGroupCommand, CreateGroupCommand, CreateUserCommand, IAMClient, RemoveUserFromGroupCommand, UploadSSHPublicKeyCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { usersPlanHash, usersPlanSchema } from '../../src/users/plan.js'
import { uidRegistrySchema } from '../../src/users/uid-registry.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { useEmulator, useUserShellEnvironment } from '../support/emulator.js'
import { publicKey } from '../support/ssh-keys.js'

const emulator = useEmulator()
useUserShellEnvironment(() => emulator.endpoint)
let iam: IAMClient

beforeEach(async () => {
  iam = new IAMClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
  for (const g of ['SshMembers', 'SshAdministrators']) await iam.send(new CreateGroupCommand({ GroupName: g }))
  for (const [user, group] of [['alice', 'SshMembers'], ['bob', 'SshMembers'], ['bob', 'SshAdministrators'], ['carol@example.com', 'SshAdministrators']] as const) {
    await iam.send(new CreateUserCommand({ UserName: user })).catch(() => undefined)
    await iam.send(new AddUserToGroupCommand({ UserName: user, GroupName: group }))
  }
  await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyBody: publicKey('ssh-rsa', 5) }))
})

function config(dir: string, users: Record<string, unknown> = {}): void {
  writeFileSync(join(dir, 'guardrail.config.yaml'), stringify({ users: { loginGroups: ['SshMembers'], sudoGroups: ['SshAdministrators'], instances: [{ regions: ['eu-west-1'], tag: { key: 'ssh-sync', value: 'true' } }], ...users } }))
}
const plan = async (dir: string, ...args: string[]) => runCli(['users', 'plan', '--config', 'guardrail.config.yaml', ...args], { cwd: dir, env: process.env })
const readPlan = (dir: string) => usersPlanSchema.parse(JSON.parse(readFileSync(join(dir, 'users-plan.json'), 'utf8')))

describe('guardrail users plan', () => {
  it('reads the groups and keys once, assigns UIDs from the registry, and prints what will change', async () => {
    const dir = tempDir()
    config(dir)
    const r = await plan(dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const p = readPlan(dir)
    expect(usersPlanHash(p)).toBe(p.hash)
    expect(p.desired.users.map((u) => [u.name, u.uid, u.sudo, u.keys.length])).toEqual([
      ['alice', 200000, false, 1],
      ['bob', 200001, true, 0],
      ['carol', 200002, true, 0],
    ])
    expect(p.desired.users[0]!.keys[0]).toBe(publicKey('ssh-rsa', 5))
    expect(p.targets).toEqual([{ accountId: '123456789012', region: 'eu-west-1', tag: { key: 'ssh-sync', value: 'true' } }])
    expect(p.changes.added).toEqual(['alice', 'bob', 'carol'])
    // 2 GetGroup + 3 ListSSHPublicKeys + 1 GetSSHPublicKey: members and keys, never servers.
    expect(p.iamCalls).toBe(6)
    expect(r.stdout).toContain('+ bob (uid 200001, sudo)')
    expect(r.stdout).toContain('Nothing has changed on any server')
    expect(r.stdout).toMatch(/Desired state: \d+\.\d KiB as the SSM parameter/)
    const registry = uidRegistrySchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-uids.json'), 'utf8')))
    expect(Object.values(registry.entries).map((e) => [e.linuxName, e.uid]).sort()).toEqual([['alice', 200000], ['bob', 200001], ['carol', 200002]])

    // bob leaves SshMembers and SshAdministrators; dave joins: dave gets a new UID, bob's is never reused.
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'bob', GroupName: 'SshMembers' }))
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'bob', GroupName: 'SshAdministrators' }))
    await iam.send(new CreateUserCommand({ UserName: 'dave' }))
    await iam.send(new AddUserToGroupCommand({ UserName: 'dave', GroupName: 'SshMembers' }))
    writeFileSync(join(dir, 'guardrail-uids.json'), JSON.stringify({ ...registry, lastApplied: { planHash: p.hash, appliedAt: p.createdAt, users: p.desired.users.map((u) => ({ name: u.name, sudo: u.sudo, keys: u.keys })) } }))
    expect((await plan(dir, '--quiet')).code).toBe(0)
    const next = readPlan(dir)
    expect(next.desired.users.map((u) => [u.name, u.uid])).toEqual([['alice', 200000], ['carol', 200002], ['dave', 200003]])
    expect(next.changes).toEqual({ added: ['dave'], removed: ['bob'], sudoGranted: [], sudoRevoked: [], keysChanged: [] })
  })

  it.each([
    [{ loginGroups: ['SshMember'] }, 'UnknownGroup', /IAM group SshMember .* does not exist/],
    [{ uidRange: { min: 10, max: 20 } }, 'InvalidConfig', /uidRange/],
    [{ instances: [] }, 'InvalidConfig', /instances/],
    [{ keySource: { type: 's3', bucket: 'no-such-key-bucket', prefix: 'keys/' } }, 'KeySourceUnreadable', /Cannot list s3:\/\/no-such-key-bucket\/keys\/.*NoSuchBucket/],
    [{ keySource: { type: 's3', bucket: 'Bad_Bucket' } }, 'InvalidConfig', /keySource\.bucket/],
    [{ keySource: { type: 's3', bucket: 'corp-keys', prefix: 'keys' } }, 'InvalidConfig', /keySource\.prefix.*ending in '\/'/],
  ])('bad users config %j: exit 2, nothing written', async (users, _code, message) => {
    const dir = tempDir()
    config(dir, users)
    const r = await plan(dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(() => readFileSync(join(dir, 'users-plan.json'))).toThrow()
    expect(() => readFileSync(join(dir, 'guardrail-uids.json'))).toThrow()
  })

  it('refuses an empty desired state unless --allow-empty', async () => {
    const dir = tempDir()
    config(dir, { loginGroups: ['Empty'], sudoGroups: [] })
    await iam.send(new CreateGroupCommand({ GroupName: 'Empty' }))
    const r = await plan(dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/No IAM user qualifies/)
    const allowed = await plan(dir, '--allow-empty', '--quiet')
    expect(allowed.code).toBe(0)
    expect(readPlan(dir).desired).toMatchObject({ users: [], allowEmpty: true })
  })

  it('takes the keys from an S3 prefix when configured: one folder per IAM user, every valid line a key, a private key refused and flagged', async () => {
    const s3 = new S3Client({ endpoint: emulator.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
    await s3.send(new CreateBucketCommand({ Bucket: 'corp-ssh-keys' }))
    const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: 'corp-ssh-keys', Key, Body }))
    await put('users/alice/laptop.pub', `# alice's keys\n${publicKey('ssh-ed25519', 7)} alice@laptop\n\n${publicKey('ssh-rsa', 8)}\n`)
    await put('users/bob/id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n')
    await put('users/bob/work.pub', 'command="rm -rf /" ' + publicKey('ssh-ed25519', 9))
    await put('users/carol@example.com/big.pub', 'x'.repeat(70 * 1024))
    await put('other/alice/ignored.pub', publicKey('ssh-ed25519', 10))
    const dir = tempDir()
    config(dir, { keySource: { type: 's3', bucket: 'corp-ssh-keys', prefix: 'users/' } })
    const r = await plan(dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const p = readPlan(dir)
    expect(p.keySource).toBe('s3://corp-ssh-keys/users/<IAM user name>/')
    expect(p.desired.users.map((u) => [u.name, u.keys])).toEqual([
      ['alice', [publicKey('ssh-ed25519', 7), publicKey('ssh-rsa', 8)]],
      ['bob', []],
      ['carol', []],
    ])
    expect(p.problems).toEqual([
      { iamName: 'bob', reason: expect.stringMatching(/^SSH key s3:\/\/corp-ssh-keys\/users\/bob\/id_rsa: this is a private key/), privateKey: true },
      { iamName: 'bob', reason: expect.stringMatching(/^SSH key s3:\/\/corp-ssh-keys\/users\/bob\/work.pub line 1: unknown key type/) },
      { iamName: 'carol@example.com', reason: expect.stringMatching(/big.pub: 71680 bytes, larger than a key file may be/) },
    ])
    // The private key text is nowhere in the plan or on screen.
    expect(readFileSync(join(dir, 'users-plan.json'), 'utf8')).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA')
    expect(r.stdout).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA')
    expect(r.stdout).toContain('keys from s3://corp-ssh-keys/users/<IAM user name>/')
    expect(r.stdout).toContain('REVOKE THIS KEY')
    // IAM is read for the members only: 2 GetGroup, no SSH key calls.
    expect(p.iamCalls).toBe(2)
  })
})
