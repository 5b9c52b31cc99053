// The whole user-sync loop against the emulator: IAM group membership → users plan → users apply →
// the Automation double runs the installed Automation runbook, whose aws:runCommand runs the installed
// Command document's script on every instance carrying the tag — each instance a private namespace
// "server" (test/support/linux-server.ts) with real useradd/userdel/visudo/pkill → users appear.
// Remove one from the group → plan → apply → the user is gone and its process ended.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { IAMClient, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { useAutomationDouble } from '../support/automation.js'
import { useEmulator } from '../support/emulator.js'
import { seedSyncIdentity } from '../support/users-iam.js'
import { linuxServer, type LinuxServer } from '../support/linux-server.js'
import { publicKey } from '../support/ssh-keys.js'

const emulator = useEmulator()
const REGION = 'eu-west-1'
const UID_MIN = 3_200_000
let servers: Map<string, LinuxServer>
let iam: IAMClient
// Each instance the sync reaches is a private namespace "server", created on first use.
const automation = useAutomationDouble(emulator, () => {
  servers = new Map()
  return { run: async (instanceId, script) => (servers.get(instanceId) ?? servers.set(instanceId, linuxServer()).get(instanceId)!).run(script) }
})

beforeEach(async () => {  const config = { endpoint: emulator.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }
  iam = new IAMClient(config)
  await seedSyncIdentity(iam)
  // Two tagged instances and one without the tag.
  const ec2 = new EC2Client(config)
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
  await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 2, MaxCount: 2, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'ssh-sync', Value: 'true' }] }] }))
  await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1 }))
})

function configFile(dir: string): void {
  writeFileSync(
    join(dir, 'guardrail.config.yaml'),
    stringify({
      users: { loginGroups: ['SshMembers'], sudoGroups: ['SshAdministrators'], uidRange: { min: UID_MIN, max: UID_MIN + 1000 }, homeOnRemove: 'delete', maxDeleteShare: 0.5, instances: [{ regions: [REGION], tag: { key: 'ssh-sync', value: 'true' } }] },
      remediation: { homeRegion: REGION },
    }),
  )
}
const cli = (dir: string, ...argv: string[]) => runCli([...argv, '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })

describe('users: IAM groups → plan → apply → Linux users on the tagged instances', () => {
  it('creates the users on every tagged instance with the same UIDs, then removes one who left the group', async () => {
    const dir = tempDir()
    configFile(dir)
    expect((await cli(dir, 'users', 'plan', '--quiet')).code).toBe(0)
    const applied = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    expect(applied.stdout).toMatch(/^CREATED\s+Guardrail-LinuxUserSync in 123456789012 eu-west-1/m)
    expect(applied.stdout).toMatch(/1 target\(s\): 1 synced, 0 not; 2 instance\(s\): 2 in sync, 0 not/)
    // Only the two tagged instances ran the sync; both got the same UIDs, the plan's.
    expect(servers.size).toBe(2)
    const uid = Object.fromEntries((JSON.parse(readFileSync(join(dir, 'users-plan.json'), 'utf8')) as { desired: { users: { name: string; uid: number }[] } }).desired.users.map((u) => [u.name, u.uid]))
    expect(Object.values(uid).sort()).toEqual([UID_MIN, UID_MIN + 1])
    for (const server of servers.values()) {
      const look = server.run(`getent passwd alice bob; cat /home/alice/.ssh/authorized_keys; ls /etc/sudoers.d`).stdout
      expect(look).toContain(`alice:x:${uid.alice}:${uid.alice}:`)
      expect(look).toContain(`bob:x:${uid.bob}:${uid.bob}:`)
      expect(look).toContain(publicKey('ssh-ed25519', 7))
      expect(look).toContain(`guardrail-${uid.bob}`) // bob is an administrator
      expect(look).not.toContain(`guardrail-${uid.alice}`)
    }
    // The association on the same selector: a new tagged instance gets the users when it starts, with nobody running a command.
    expect(applied.stdout).toMatch(/^CREATED\s+association guardrail-user-sync-[0-9a-f]{12} \(rate\(1 hour\), new instances at boot\)/m)
    const ec2 = new EC2Client({ endpoint: emulator.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'ssh-sync', Value: 'true' }] }] }))).Instances![0]!.InstanceId!
    await automation.double.runAssociations()
    expect(servers.get(launched)!.run('getent passwd alice bob | cut -d: -f1').stdout).toBe('alice\nbob\n')
    const registry = JSON.parse(readFileSync(join(dir, 'guardrail-uids.json'), 'utf8')) as { lastApplied?: { users: { name: string }[] } }
    expect(registry.lastApplied?.users.map((u) => u.name).sort()).toEqual(['alice', 'bob'])

    // alice leaves; a process of hers is running on one server.
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'SshMembers' }))
    const planned = await cli(dir, 'users', 'plan')
    expect(planned.stdout).toContain('- alice: removed (home: delete)')
    const second = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/removed alice/)
    expect(second.stdout).toMatch(/^UPDATED\s+association guardrail-user-sync-/m)
    expect(automation.double.associations).toHaveLength(1)
    for (const server of servers.values()) expect(server.run('getent passwd alice || echo GONE; getent passwd bob >/dev/null && echo BOB').stdout).toBe('GONE\nBOB\n')
    // A scan reads the last sync on each instance (Run Command history, answered by the double): in sync.
    const checks = Object.fromEntries(ALL_CHECKS.filter((c) => c.id !== 'linux.users-in-sync').map((c) => [c.id, { enabled: false }]))
    writeFileSync(join(dir, 'scan.config.yaml'), stringify({ checks }))
    const scan = await runCli(['scan', '--regions', REGION, '--config', 'scan.config.yaml', '--output-dir', 'scan', '--quiet'], { cwd: dir, env: process.env })
    expect(scan.stderr).toBe('')
    const findings = (JSON.parse(readFileSync(join(dir, 'scan', 'findings.json'), 'utf8')) as { findings: { checkId: string; status: string; resource: string }[] }).findings.filter((f) => f.checkId === 'linux.users-in-sync')
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass'])
    const audit = readFileSync(join(dir, 'remediation-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; outcome: string; instances: unknown[] })
    expect(audit.filter((a) => a.event === 'users-sync').map((a) => [a.outcome, a.instances.length])).toEqual([
      ['succeeded', 2],
      ['succeeded', 3], // the instance launched meanwhile is synced too
    ])
  })

  it('a server that refuses (deletion cap) fails the target and is named; the last applied state is not moved', async () => {
    const dir = tempDir()
    configFile(dir)
    expect((await cli(dir, 'users', 'plan', '--quiet')).code).toBe(0)
    expect((await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')).code).toBe(0)
    const lastApplied = () => (JSON.parse(readFileSync(join(dir, 'guardrail-uids.json'), 'utf8')) as { lastApplied: unknown }).lastApplied
    const before = lastApplied()
    // Both leave: 2 of 2 managed users would go, above maxDeleteShare 0.5 — unless everyone leaving is intended.
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'SshMembers' }))
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'bob', GroupName: 'SshAdministrators' }))
    expect((await cli(dir, 'users', 'plan', '--allow-empty', '--quiet')).code).toBe(0)
    const r = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/refused .*would delete 2 of 2 managed users/)
    expect(r.stderr).toMatch(/failed: 123456789012 eu-west-1 \(ssh-sync=true\)/)
    expect(lastApplied()).toEqual(before)
    for (const server of servers.values()) expect(server.run('getent passwd alice bob | wc -l').stdout.trim()).toBe('2')
  })
})
