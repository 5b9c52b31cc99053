// The Session Manager checks against the emulator, end to end: seeded through the SDK as an
// administrator would (preferences documents, EC2 instances with instance profiles, IAM roles,
// users and policies), collected by the registry's collectors and scanned by the CLI.
// Covers: session preferences with logging but no encryption, Run As off, a region without any
// preferences, a well-configured region, instance roles with Core vs the deprecated
// AmazonEC2RoleforSSM, StartSession on * vs tag-scoped, TerminateSession on own vs any session.
// moto 5.2.5 does not implement ssm:DescribeInstanceInformation: against it, ssm.managed-instances
// must report `error` (never pass); "a running instance that is not managed" is shown with that one
// operation stubbed at the SDK boundary.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2'
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm'
import { mockClient } from 'aws-sdk-client-mock'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../../src/aws/call-counter.js'
import { createSession } from '../../../src/aws/session.js'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { collectManagedInstances } from '../../../src/collect/collectors/ssm.js'
import { ManagedPolicyCache } from '../../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../../src/collect/pipeline.js'
import { COLLECTORS } from '../../../src/collect/registry.js'
import { evaluateSnapshot } from '../../../src/engine/evaluate.js'
import { findingsReportSchema } from '../../../src/report/schema.js'
import { loadRules } from '../../../src/rules/load.js'
import { accountSnapshotSchema } from '../../../src/snapshot/schema.js'
import { snapshot } from '../../support/builders.js'
import { useEmulator, useUserShellEnvironment } from '../../support/emulator.js'
import { runCli, tempDir } from '../../cli/helpers.js'
import { ACCOUNT, credentials } from '../../collect/seed.js'
import { createSessionPreferences } from '../../collect/seeds/ssm.js'

// AWS-managed policies loaded: the instance roles attach AmazonSSMManagedInstanceCore / AmazonEC2RoleforSSM.
const env = useEmulator({ awsManagedPolicies: true })
useUserShellEnvironment(() => env.endpoint)

const GOOD = 'us-east-1'
const UNENCRYPTED = 'eu-west-1'
const NOTHING = 'eu-central-1'
const REGIONS = [GOOD, UNENCRYPTED, NOTHING]
const SSM_CHECKS = ['ssm.session-logging', 'ssm.session-run-as', 'ssm.session-timeouts', 'ssm.managed-instances', 'ssm.instance-profile-core', 'ssm.start-session-scoped', 'ssm.terminate-own-sessions']

const iam = () => new IAMClient({ region: 'us-east-1', endpoint: env.endpoint, credentials, maxAttempts: 1 })
const ec2 = (region: string) => new EC2Client({ region, endpoint: env.endpoint, credentials, maxAttempts: 1 })
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement })

async function instanceRole(name: string, managedPolicy: string): Promise<void> {
  const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })
  await iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))
  await iam().send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: managedPolicy }))
  await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: name }))
  await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }))
}

interface Seeded {
  running: string
  alsoRunning: string
}

/** The scenario of the file header, seeded as an administrator would. */
async function seed(): Promise<Seeded> {
  // Preferences: a region done right, one logging without encryption and Run As off, one with none.
  await createSessionPreferences(env.endpoint, GOOD, {
    s3BucketName: 'session-logs-archive',
    s3KeyPrefix: 'us-east-1',
    s3EncryptionEnabled: true,
    cloudWatchLogGroupName: '/ssm/sessions',
    cloudWatchEncryptionEnabled: true,
    cloudWatchStreamingEnabled: true,
    kmsKeyId: 'alias/session-manager',
    runAsEnabled: true,
    runAsDefaultUser: 'session-user',
    idleSessionTimeout: '15',
    maxSessionDuration: '60',
  })
  await createSessionPreferences(env.endpoint, UNENCRYPTED, {
    s3BucketName: '',
    cloudWatchLogGroupName: '/ssm/sessions',
    cloudWatchEncryptionEnabled: false,
    cloudWatchStreamingEnabled: true,
    runAsEnabled: false,
    runAsDefaultUser: '',
    idleSessionTimeout: '20',
    maxSessionDuration: '',
  })

  // Instance roles: one with Core, one still on the deprecated policy.
  await instanceRole('web-instance', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore')
  await instanceRole('legacy-instance', 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM')

  // Who may open sessions: one policy on every instance, one scoped by tag; end own vs any session.
  await iam().send(new CreatePolicyCommand({ PolicyName: 'sessions-everywhere', PolicyDocument: doc({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' }) }))
  await iam().send(
    new CreatePolicyCommand({
      PolicyName: 'sessions-payments',
      PolicyDocument: doc(
        { Effect: 'Allow', Action: 'ssm:StartSession', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'ssm:resourceTag/Team': 'payments' } } },
        { Effect: 'Allow', Action: ['ssm:TerminateSession', 'ssm:ResumeSession'], Resource: 'arn:aws:ssm:*:*:session/${aws:username}-*' },
      ),
    }),
  )
  await iam().send(new CreateUserCommand({ UserName: 'contractor' }))
  await iam().send(new AttachUserPolicyCommand({ UserName: 'contractor', PolicyArn: policyArn('sessions-everywhere') }))
  await iam().send(new CreateUserCommand({ UserName: 'payments-dev' }))
  await iam().send(new AttachUserPolicyCommand({ UserName: 'payments-dev', PolicyArn: policyArn('sessions-payments') }))
  await iam().send(new PutUserPolicyCommand({ UserName: 'contractor', PolicyName: 'end-any-session', PolicyDocument: doc({ Effect: 'Allow', Action: 'ssm:TerminateSession', Resource: 'arn:aws:ssm:*:*:session/*' }) }))

  // Instances in the unencrypted region: two running with the Core profile, one stopped.
  const image = (await ec2(UNENCRYPTED).send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
  const run = async () =>
    (await ec2(UNENCRYPTED).send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'web-instance' } }))).Instances![0]!.InstanceId!
  const running = await run()
  const alsoRunning = await run()
  const stopped = await run()
  await ec2(UNENCRYPTED).send(new StopInstancesCommand({ InstanceIds: [stopped] }))
  return { running, alsoRunning }
}

const rolesArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const preferencesArn = (region: string) => `arn:aws:ssm:${region}:${ACCOUNT}:document/SSM-SessionManagerRunShell`

describe('Session Manager checks against the emulator', { timeout: 240_000 }, () => {
  it('guardrail scan --regions gives the verdicts the seeded account deserves', async () => {
    const { running, alsoRunning } = await seed()
    const dir = tempDir()
    const r = await runCli(['scan', '--regions', REGIONS.join(','), '--as-of', '2030-01-01', '--fail-on', 'none', '--quiet'], { cwd: dir })
    expect(r.stderr).not.toContain('error:')
    expect(r.code).toBe(0)
    const report = findingsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')))
    const verdicts = (checkId: string, resource: string, region?: string) =>
      report.findings.filter((f) => f.checkId === checkId && f.resource === resource && (region === undefined || f.region === region)).map((f) => f.status)
    const finding = (checkId: string, resource: string) => report.findings.find((f) => f.checkId === checkId && f.resource === resource)!

    // Session preferences, per region.
    expect(verdicts('ssm.session-logging', preferencesArn(GOOD))).toEqual(['pass'])
    expect(verdicts('ssm.session-logging', preferencesArn(UNENCRYPTED))).toEqual(['fail'])
    expect(finding('ssm.session-logging', preferencesArn(UNENCRYPTED)).message).toContain('without requiring encryption of: CloudWatch Logs group /ssm/sessions')
    expect(verdicts('ssm.session-logging', preferencesArn(NOTHING))).toEqual(['fail'])
    expect(verdicts('ssm.session-run-as', preferencesArn(GOOD))).toEqual(['pass'])
    expect(verdicts('ssm.session-run-as', preferencesArn(UNENCRYPTED))).toEqual(['fail'])
    expect(finding('ssm.session-run-as', preferencesArn(UNENCRYPTED)).message).toContain('Run As is off')
    expect(verdicts('ssm.session-run-as', preferencesArn(NOTHING))).toEqual(['fail'])
    expect(verdicts('ssm.session-timeouts', preferencesArn(GOOD))).toEqual(['pass'])
    expect(finding('ssm.session-timeouts', preferencesArn(UNENCRYPTED)).message).toContain('no maximum session duration is set')
    expect(verdicts('ssm.session-timeouts', preferencesArn(NOTHING))).toEqual(['fail'])

    // moto cannot list managed nodes: each running instance reports the code, never a pass; regions
    // without running instances did not need the list and are not applicable.
    const managed = report.findings.filter((f) => f.checkId === 'ssm.managed-instances')
    const instanceArn = (id: string) => `arn:aws:ec2:${UNENCRYPTED}:${ACCOUNT}:instance/${id}`
    expect(managed.filter((f) => f.region === UNENCRYPTED).map((f) => [f.resource, f.status, f.errorCode]).sort()).toEqual(
      [running, alsoRunning].map((id) => [instanceArn(id), 'error', 'NotImplementedByEmulator']).sort(),
    )
    expect(managed.filter((f) => f.region !== UNENCRYPTED).map((f) => f.status)).toEqual(['not_applicable', 'not_applicable'])

    // IAM: instance roles, StartSession, TerminateSession.
    expect(verdicts('ssm.instance-profile-core', rolesArn('web-instance'))).toEqual(['pass'])
    expect(verdicts('ssm.instance-profile-core', rolesArn('legacy-instance'))).toEqual(['fail'])
    expect(verdicts('ssm.start-session-scoped', policyArn('sessions-everywhere'))).toEqual(['fail'])
    expect(verdicts('ssm.start-session-scoped', policyArn('sessions-payments'))).toEqual(['pass'])
    expect(verdicts('ssm.terminate-own-sessions', policyArn('sessions-payments'))).toEqual(['pass'])
    expect(verdicts('ssm.terminate-own-sessions', `arn:aws:iam::${ACCOUNT}:user/contractor#inline-policy/end-any-session`)).toEqual(['fail'])

    // Besides the operation moto lacks, nothing in the Session Manager checks is left undecided.
    const errors = report.findings.filter((f) => SSM_CHECKS.includes(f.checkId) && f.status === 'error')
    expect(errors.map((f) => [f.checkId, f.region, f.errorCode])).toEqual([running, alsoRunning].map(() => ['ssm.managed-instances', UNENCRYPTED, 'NotImplementedByEmulator']))
    expect(report.apiCalls.byService.ssm).toBeGreaterThan(0)
  })

  it('a running instance that is not managed fails, a managed online one passes (SDK-boundary stub: moto lacks DescribeInstanceInformation)', async () => {
    const { running, alsoRunning } = await seed()
    const session = createSession({ region: UNENCRYPTED, credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const account = await collectAccount({
      accountId: ACCOUNT,
      session,
      partition: 'aws',
      regions: [UNENCRYPTED],
      cache: new ManagedPolicyCache(),
      collectors: COLLECTORS.filter((c) => c.id === 'ec2-instances' || c.id === 'ssm-session-preferences'),
    })
    // Only DescribeInstanceInformation is stubbed, on a client of its own, with one of the two
    // running instances registered (shaped like the SSM API reference's example).
    const ssm = new SSMClient({ region: UNENCRYPTED, credentials })
    mockClient(ssm)
      .on(DescribeInstanceInformationCommand)
      .resolves({
        InstanceInformationList: [
          { InstanceId: running, PingStatus: 'Online', LastPingDateTime: new Date(), AgentVersion: '3.3.1142.0', IsLatestVersion: true, PlatformType: 'Linux', PlatformName: 'Amazon Linux', PlatformVersion: '2023', ResourceType: 'EC2Instance' },
        ],
      })
    account.regional[UNENCRYPTED]!['ssm.managedInstances'] = await collectManagedInstances(ssm)
    expect(accountSnapshotSchema.safeParse(JSON.parse(JSON.stringify(account))).success).toBe(true)
    expect(account.regional[UNENCRYPTED]!['ssm.sessionPreferences']).toMatchObject({ kind: 'ok', value: { documentExists: true, cloudWatchLogGroupName: '/ssm/sessions' } })

    const all = loadRules({ checks: ALL_CHECKS })
    const findings = evaluateSnapshot(snapshot(account), { ...all, rules: new Map([...all.rules].filter(([id]) => id === 'ssm.managed-instances')) }, { now: new Date() })
    const status = (id: string) => findings.filter((f) => f.resource === `arn:aws:ec2:${UNENCRYPTED}:${ACCOUNT}:instance/${id}`).map((f) => f.status)
    expect(status(running)).toEqual(['pass'])
    expect(status(alsoRunning)).toEqual(['fail'])
    // The stopped instance is not judged: exactly the two running ones have findings.
    expect(findings).toHaveLength(2)
  })
})
