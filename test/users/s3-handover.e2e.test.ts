// The S3 hand-over of the desired state (users.desiredStateStore) end to end, against the emulator:
// users plan → users apply writes the desired state to S3 under the plan hash → the Automation double
// runs Guardrail-LinuxUserSyncFromS3, whose aws:downloadContent reads the object from the emulator's
// S3 into each instance's command directory and whose sync step runs the real script on it with the
// expected SHA-256 (each instance a namespace "server") → users appear. Then the object is swapped:
// during a run, on the schedule, and before a re-apply — and it never reaches useradd.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { IAMClient, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateAssociationCommand, CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm'
import { beforeEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { canonicalJson } from '../../src/remediate/canonical-json.js'
import type { DesiredState } from '../../src/users/desired-state.js'
import { usersPlanSchema } from '../../src/users/plan.js'
import { runCli, tempDir } from '../cli/helpers.js'
import { useAutomationDouble } from '../support/automation.js'
import { useEmulator } from '../support/emulator.js'
import { seedSyncIdentity } from '../support/users-iam.js'
import { linuxServer, type LinuxServer } from '../support/linux-server.js'
import { publicKey } from '../support/ssh-keys.js'

const emulator = useEmulator()
const REGION = 'eu-west-1'
const BUCKET = 'corp-user-sync'
const PREFIX = 'guardrail/user-sync/'
const UID_MIN = 3_300_000
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
let servers: Map<string, LinuxServer>
let iam: IAMClient
let s3: S3Client
const server = (instanceId: string) => servers.get(instanceId) ?? servers.set(instanceId, linuxServer()).get(instanceId)!
// Each instance is a private namespace "server" with its own SSM command directories.
const automation = useAutomationDouble(emulator, () => {
  servers = new Map()
  return { run: async (instanceId, script) => server(instanceId).run(script), commandDirectory: (instanceId, commandId) => server(instanceId).commandDirectory(commandId) }
})

beforeEach(async () => {
  const config = { endpoint: emulator.endpoint, region: REGION, credentials }
  iam = new IAMClient(config)
  s3 = new S3Client({ ...config, forcePathStyle: true })
  await seedSyncIdentity(iam)
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }))
  const ec2 = new EC2Client(config)
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
  await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 2, MaxCount: 2, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'ssh-sync', Value: 'true' }] }] }))
})

function configFile(dir: string): void {
  writeFileSync(
    join(dir, 'guardrail.config.yaml'),
    stringify({
      users: {
        loginGroups: ['SshMembers'],
        sudoGroups: ['SshAdministrators'],
        uidRange: { min: UID_MIN, max: UID_MIN + 1000 },
        homeOnRemove: 'delete',
        maxDeleteShare: 0.5,
        instances: [{ regions: [REGION], tag: { key: 'ssh-sync', value: 'true' } }],
        desiredStateStore: { bucket: BUCKET, prefix: PREFIX, region: REGION },
      },
      remediation: { homeRegion: REGION },
    }),
  )
}
/** linux.users-in-sync alone, scanned through the double (which answers the Run Command history). */
async function usersInSync(dir: string, outputDir: string): Promise<string[]> {
  const checks = Object.fromEntries(ALL_CHECKS.filter((c) => c.id !== 'linux.users-in-sync').map((c) => [c.id, { enabled: false }]))
  writeFileSync(join(dir, 'scan.config.yaml'), stringify({ checks }))
  const scan = await runCli(['scan', '--regions', REGION, '--config', 'scan.config.yaml', '--output-dir', outputDir, '--quiet', '--fail-on', 'none'], { cwd: dir, env: process.env })
  expect(scan.stderr).toBe('')
  const findings = (JSON.parse(readFileSync(join(dir, outputDir, 'findings.json'), 'utf8')) as { findings: { checkId: string; status: string }[] }).findings
  return findings.filter((f) => f.checkId === 'linux.users-in-sync').map((f) => f.status)
}

const cli = (dir: string, ...argv: string[]) => runCli([...argv, '--config', 'guardrail.config.yaml'], { cwd: dir, env: process.env, deps: { remediation: { pollIntervalMs: 20 } } })
const readPlan = (dir: string) => usersPlanSchema.parse(JSON.parse(readFileSync(join(dir, 'users-plan.json'), 'utf8')))
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const getObject = async (key: string) => (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString())
/** What an attacker with write access to the prefix would put there: the same users, plus a root-equivalent one of their own. */
const forged = (desired: DesiredState): string => canonicalJson({ ...desired, users: [...desired.users, { name: 'mallory', uid: UID_MIN + 666, sudo: true, groups: [], keys: [publicKey('ssh-ed25519', 66)], iamName: 'mallory' }] })
const lastApplied = (dir: string) => (JSON.parse(readFileSync(join(dir, 'guardrail-uids.json'), 'utf8')) as { lastApplied?: unknown }).lastApplied
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('users: the desired state handed over through S3', () => {
  it('plan → apply writes it under the plan hash, the instances download it, check its SHA-256 and get the users; the association carries the location and hash', async () => {
    const dir = tempDir()
    configFile(dir)
    const planned = await cli(dir, 'users', 'plan')
    expect(planned.code).toBe(0)
    const plan = readPlan(dir)
    const key = `${PREFIX}desired-state-${plan.hash}.json`
    expect(planned.stdout).toContain(`handed over through S3: users apply writes s3://${BUCKET}/${key}`)
    expect(planned.stdout).not.toContain('as the SSM parameter')

    const applied = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    // The object holds the plan's desired state, byte for byte its canonical JSON.
    const body = await getObject(key)
    expect(body).toBe(canonicalJson(plan.desired))
    const sha = sha256(body)
    const url = `https://s3.${REGION}.amazonaws.com/${BUCKET}/${key}`
    expect(applied.stdout).toContain(`UPLOADED  desired state s3://${BUCKET}/${key} (SHA-256 ${sha})`)
    expect(applied.stdout).toMatch(/^CREATED\s+Guardrail-LinuxUserSyncFromS3 in 123456789012 eu-west-1/m)
    expect(applied.stdout).toMatch(/^CREATED\s+Guardrail-LinuxUserSyncFromS3Automation in 123456789012 eu-west-1/m)
    expect(applied.stdout).not.toMatch(/Guardrail-LinuxUserSync in /) // the inline pair is not needed
    expect(applied.stdout).toMatch(/1 target\(s\): 1 synced, 0 not; 2 instance\(s\): 2 in sync, 0 not/)

    // The documents got the location and the hash, never the state itself.
    const [execution] = automation.double.executions
    expect(execution!.documentName).toBe('Guardrail-LinuxUserSyncFromS3Automation')
    expect(execution!.parameters).toMatchObject({ DesiredStateUrl: [url], DesiredStateSha256: [sha] })
    expect(execution!.parameters).not.toHaveProperty('DesiredState')
    const [command] = automation.double.commands
    expect(command!.documentName).toBe('Guardrail-LinuxUserSyncFromS3')
    expect(command!.invocations.map((i) => i.plugins.map((p) => `${p.name} ${p.status}`))).toEqual([
      ['DownloadDesiredState Success', 'SyncUsers Success'],
      ['DownloadDesiredState Success', 'SyncUsers Success'],
    ])
    expect(servers.size).toBe(2)
    const uid = Object.fromEntries(plan.desired.users.map((u) => [u.name, u.uid]))
    for (const s of servers.values()) {
      // Each instance downloaded the object into that command's own directory…
      expect(readFileSync(join(s.commandDirectory(command!.commandId), 'downloads', 'desired-state.json'), 'utf8')).toBe(body)
      // …and has the users.
      const look = s.run('getent passwd alice bob; cat /home/alice/.ssh/authorized_keys; ls /etc/sudoers.d').stdout
      expect(look).toContain(`alice:x:${uid.alice}:${uid.alice}:`)
      expect(look).toContain(`bob:x:${uid.bob}:${uid.bob}:`)
      expect(look).toContain(publicKey('ssh-ed25519', 7))
      expect(look).toContain(`guardrail-${uid.bob}`)
    }

    // Applied again as it is: the object already holds these bytes (fine), and the run is the same one (ClientToken).
    const rerun = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toContain(`UNCHANGED desired state s3://${BUCKET}/${key} (SHA-256 ${sha})`)
    expect(automation.double.executions).toHaveLength(1)

    // The association runs the same document with the same location and hash: a new instance gets the users at boot.
    expect(automation.double.associations).toEqual([expect.objectContaining({ documentName: 'Guardrail-LinuxUserSyncFromS3', parameters: { DesiredStateUrl: [url], DesiredStateSha256: [sha] } })])
    const ec2 = new EC2Client({ endpoint: emulator.endpoint, region: REGION, credentials })
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
    const launched = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'ssh-sync', Value: 'true' }] }] }))).Instances![0]!.InstanceId!
    const [boot] = await automation.double.runAssociations()
    expect(boot!.invocations.map((i) => i.status)).toEqual(['Success', 'Success', 'Success'])
    expect(server(launched).run('getent passwd alice bob | cut -d: -f1').stdout).toBe('alice\nbob\n')
    // A scan reads the last sync of each instance from the S3 document's history too: in sync.
    expect(await usersInSync(dir, 'scan-synced')).toEqual(['pass', 'pass', 'pass'])

    // Someone with write access to the prefix swaps the object: the next scheduled run refuses it on every instance.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: forged(plan.desired) }))
    const [tick] = await automation.double.runAssociations()
    expect(tick!.invocations).toHaveLength(3)
    for (const inv of tick!.invocations) {
      expect(inv.status).toBe('Failed')
      expect(inv.exitCode).toBe(2)
      expect(inv.output).toContain(`desired state refused: its SHA-256 is ${sha256(forged(plan.desired))}, expected ${sha}`)
    }
    for (const s of servers.values()) expect(s.run('getent passwd mallory || echo NO-MALLORY; getent passwd alice bob | wc -l').stdout).toBe('NO-MALLORY\n2\n')
    // …and the next scan says so: the newest run on every instance failed.
    expect(await usersInSync(dir, 'scan-refused')).toEqual(['fail', 'fail', 'fail'])

    // A re-apply of the same plan finds the swapped object before anything starts: not overwritten, not used.
    const executions = automation.double.executions.length
    const again = await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`failed: 123456789012 eu-west-1 (ssh-sync=true): desired state not handed over through S3, nothing started: DesiredStateObjectMismatch: s3://${BUCKET}/${key} already exists and holds other content`)
    expect(automation.double.executions).toHaveLength(executions)
    expect(await getObject(key)).toBe(forged(plan.desired))
  })

  it('an object swapped after apply wrote it, while the run is under way: every instance refuses it on its SHA-256, nothing changes, the target fails', async () => {
    const dir = tempDir()
    configFile(dir)
    expect((await cli(dir, 'users', 'plan', '--quiet')).code).toBe(0)
    expect((await cli(dir, 'users', 'apply', 'users-plan.json', '--yes')).code).toBe(0)
    const before = lastApplied(dir)
    const association = automation.double.associations[0]!
    const associated = structuredClone(association.parameters)

    // alice leaves; the new plan is applied, and its object is swapped between the upload and the instances' download.
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'SshMembers' }))
    expect((await cli(dir, 'users', 'plan', '--quiet')).code).toBe(0)
    const plan = readPlan(dir)
    const key = `${PREFIX}desired-state-${plan.hash}.json`
    automation.double.hold()
    const pending = cli(dir, 'users', 'apply', 'users-plan.json', '--yes')
    await until(() => automation.double.executions.length === 2)
    const sha = sha256(await getObject(key))
    expect(sha).toBe(sha256(canonicalJson(plan.desired)))
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: forged(plan.desired) }))
    automation.double.release()
    const r = await pending

    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`UPLOADED  desired state s3://${BUCKET}/${key} (SHA-256 ${sha})`)
    const refusals = r.stdout.split('\n').filter((l) => l.includes(`: failed (desired state refused: its SHA-256 is ${sha256(forged(plan.desired))}, expected ${sha}`))
    expect(refusals).toHaveLength(2)
    expect(r.stdout).toMatch(/2 instance\(s\): 0 in sync, 2 not/)
    expect(r.stderr).toMatch(/failed: 123456789012 eu-west-1 \(ssh-sync=true\)/)
    // Nothing changed anywhere: alice is still there (her removal was in the refused state), no mallory.
    for (const s of servers.values()) expect(s.run('getent passwd alice >/dev/null && echo ALICE; getent passwd mallory || echo NO-MALLORY').stdout).toBe('ALICE\nNO-MALLORY\n')
    // The last applied state and the association stay on the previous plan.
    expect(lastApplied(dir)).toEqual(before)
    expect(automation.double.associations).toHaveLength(1)
    expect(automation.double.associations[0]!.parameters).toEqual(associated)
    const audit = readFileSync(join(dir, 'remediation-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; outcome: string; planHash: string; desiredState?: { url: string; sha256: string } })
    expect(audit.filter((a) => a.event === 'users-sync').map((a) => a.outcome)).toEqual(['succeeded', 'failed'])
    // Each line says which object the instances were given, and its hash.
    for (const a of audit.filter((x) => x.event === 'users-sync')) expect(a.desiredState).toEqual({ url: expect.stringMatching(/^https:\/\/s3\.[a-z0-9-]+\.amazonaws\.com\/.+desired-state-[0-9a-f]{64}\.json$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
  })

  it('the double downloads for real: the file is in the command directory the next script runs in; a missing object fails the step and onFailure: exit skips the rest; other source types are refused', async () => {
    const ssm = new SSMClient({ endpoint: automation.proxy.endpoint, region: REGION, credentials })
    const document = (sourceType: string, path: string) =>
      stringify({
        schemaVersion: '2.2',
        description: 'download, then show',
        mainSteps: [
          { action: 'aws:downloadContent', name: 'Get', inputs: { sourceType, sourceInfo: JSON.stringify({ path }), destinationPath: 'got.txt', onFailure: 'exit' } },
          { action: 'aws:runShellScript', name: 'Show', inputs: { runCommand: ['cat got.txt && echo " ran in $PWD"'] } },
        ],
      })
    const install = async (name: string, sourceType: string, path: string) => {
      await ssm.send(new CreateDocumentCommand({ Name: name, Content: document(sourceType, path), DocumentType: 'Command', DocumentFormat: 'YAML' }))
      await ssm.send(new CreateAssociationCommand({ Name: name, AssociationName: name, Targets: [{ Key: 'tag:ssh-sync', Values: ['true'] }] }))
    }
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'any/file.txt', Body: 'hello' }))
    await install('Fetch', 'S3', `https://s3.${REGION}.amazonaws.com/${BUCKET}/any/file.txt`)
    await install('FetchMissing', 'S3', `https://s3.${REGION}.amazonaws.com/${BUCKET}/any/missing.txt`)
    const [fetched, missing] = await automation.double.runAssociations()
    for (const inv of fetched!.invocations) {
      const downloads = join(server(inv.instanceId).commandDirectory(fetched!.commandId), 'downloads')
      expect(inv.plugins.map((p) => [p.name, p.status, p.output])).toEqual([
        ['Get', 'Success', `Content downloaded to ${join(downloads, 'got.txt')}`],
        ['Show', 'Success', `hello ran in ${downloads}\n`],
      ])
    }
    for (const inv of missing!.invocations) {
      expect(inv.status).toBe('Failed')
      expect(inv.plugins.map((p) => p.name)).toEqual(['Get']) // Show never ran
      expect(inv.output).toMatch(/^failed to download s3:\/\/corp-user-sync\/any\/missing\.txt: NoSuchKey/)
    }
    await install('FetchFromGitHub', 'GitHub', 'https://github.com/example/repo')
    await expect(automation.double.runAssociations()).rejects.toThrow('FetchFromGitHub step Get: the double downloads sourceType S3 only, not GitHub')
  })
})
