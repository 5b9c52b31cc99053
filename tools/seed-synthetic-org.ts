// Builds a synthetic AWS Organization in the emulator: nested OUs, N member accounts, U IAM users and
// a security group per region in each, with a deterministic mix of violations. Used by the
// organization-scan tests and by the benchmark (bench/run.ts). Seeds in parallel (a bounded pool)
// because a 100 × 100 organization is ~12,000 emulator calls.
//
// Layout: Root → Workloads → { Prod, Dev }, Root → Sandbox; member accounts are dealt round-robin
// over Prod, Dev, Sandbox and the root. Violations, by account index i (0-based) and user index j:
//   - user j has a console password without MFA when j % consoleUserEvery === 0
//     (iam.user-console-mfa fails for them); the others have no password;
//   - account i has a security group open to 0.0.0.0/0 on 22 in the first region when
//     i % openSshEvery === 0 (ec2.no-ssh-from-internet fails), and one open on 443 only everywhere.
// With `logging`, each member also gets what the logging and detection collectors page through: in
// the first region a multi-region trail to its own bucket and log group, a metric filter, an alarm
// and a topic with a subscriber; a GuardDuty detector in every region.
import { EC2Client, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2'
import { CreateLoginProfileCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { CreateTrailCommand, StartLoggingCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty'
import type { AwsCredentialIdentity } from '@smithy/types'

export interface SeedSpec {
  endpoint: string
  accounts: number
  usersPerAccount: number
  regions: string[]
  /** Requests in flight while seeding. */
  concurrency?: number
  consoleUserEvery?: number
  openSshEvery?: number
  /** Credentials of the management account (any work in the emulator). */
  credentials?: AwsCredentialIdentity
  /**
   * SCPs at different levels: DenyLeave on the root (every member denied
   * organizations:LeaveOrganization) and ProtectCloudTrail on the Workloads OU (only Prod and Dev
   * accounts are denied cloudtrail:StopLogging/DeleteTrail/UpdateTrail).
   */
  scps?: boolean
  /** Logging and detection resources in every member (see the header). */
  logging?: boolean
}

export interface SeededAccount {
  accountId: string
  name: string
  /** OU names from the root's child down, e.g. ['Workloads', 'Prod']; [] for accounts in the root. */
  ous: string[]
  consoleUsersWithoutMfa: number
  openSsh: boolean
}

export interface SeededOrganization {
  managementAccountId: string
  rootId: string
  ouIds: Record<string, string>
  accounts: SeededAccount[]
}

const TEST_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const HOME = 'us-east-1'

/** At most `limit` promises in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i]!, i)
      }
    }),
  )
}

export async function seedSyntheticOrganization(spec: SeedSpec): Promise<SeededOrganization> {
  const credentials = spec.credentials ?? TEST_CREDENTIALS
  const common = { endpoint: spec.endpoint, credentials, maxAttempts: 3 }
  const org = new OrganizationsClient({ ...common, region: HOME })
  const sts = new STSClient({ ...common, region: HOME })
  const concurrency = spec.concurrency ?? 16
  const consoleEvery = spec.consoleUserEvery ?? 10
  const sshEvery = spec.openSshEvery ?? 3

  const managementAccountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!
  const ou = async (name: string, parentId: string) => (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }))).OrganizationalUnit!.Id!
  const workloads = await ou('Workloads', rootId)
  const ouIds: Record<string, string> = { Workloads: workloads, Prod: await ou('Prod', workloads), Dev: await ou('Dev', workloads), Sandbox: await ou('Sandbox', rootId) }
  if (spec.scps) {
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })).catch(() => undefined)
    const scp = async (name: string, statement: Record<string, unknown>, targetId: string) => {
      const content = JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
      const id = (await org.send(new CreatePolicyCommand({ Name: name, Description: name, Type: 'SERVICE_CONTROL_POLICY', Content: content }))).Policy!.PolicySummary!.Id!
      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: targetId }))
    }
    await scp('DenyLeave', { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }, rootId)
    await scp('ProtectCloudTrail', { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail'], Resource: '*' }, workloads)
  }
  const placements: { ou: string | undefined; path: string[] }[] = [
    { ou: ouIds.Prod, path: ['Workloads', 'Prod'] },
    { ou: ouIds.Dev, path: ['Workloads', 'Dev'] },
    { ou: ouIds.Sandbox, path: ['Sandbox'] },
    { ou: undefined, path: [] },
  ]

  const accounts: SeededAccount[] = new Array(spec.accounts)
  // Organizations calls are cheap but ordered per account: create → move → tag.
  await pool([...Array(spec.accounts).keys()], Math.min(concurrency, 8), async (i) => {
    const name = `synthetic-${String(i).padStart(4, '0')}`
    const status = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!
    const accountId = status.AccountId!
    const place = placements[i % placements.length]!
    if (place.ou) await org.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: place.ou }))
    await org.send(new TagResourceCommand({ ResourceId: accountId, Tags: [{ Key: 'index', Value: String(i) }, { Key: 'env', Value: place.path.at(-1) ?? 'root' }] }))
    accounts[i] = { accountId, name, ous: place.path, consoleUsersWithoutMfa: 0, openSsh: i % sshEvery === 0 }
  })

  // Per account: assume the role Organizations created, then users and security groups in parallel.
  const tasks: (() => Promise<void>)[] = []
  for (const [i, account] of accounts.entries()) {
    let creds: Promise<AwsCredentialIdentity> | undefined
    const inAccount = () =>
      (creds ??= sts
        .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account.accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))
        .then((out) => ({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! })))
    let iam: IAMClient | undefined
    const iamClient = async () => (iam ??= new IAMClient({ endpoint: spec.endpoint, region: HOME, credentials: await inAccount(), maxAttempts: 3 }))
    for (let j = 0; j < spec.usersPerAccount; j++) {
      const userName = `user-${String(j).padStart(4, '0')}`
      const console = j % consoleEvery === 0
      if (console) account.consoleUsersWithoutMfa++
      tasks.push(async () => {
        const client = await iamClient()
        await client.send(new CreateUserCommand({ UserName: userName }))
        if (console) await client.send(new CreateLoginProfileCommand({ UserName: userName, Password: `Synthetic-${j}-Pass!` }))
      })
    }
    for (const [r, region] of spec.regions.entries()) {
      tasks.push(async () => {
        const ec2 = new EC2Client({ endpoint: spec.endpoint, region, credentials: await inAccount(), maxAttempts: 3 })
        const web = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'https from anywhere' }))).GroupId!
        await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))
        if (spec.logging) await seedLogging({ endpoint: spec.endpoint, region, credentials: await inAccount(), accountId: account.accountId, first: r === 0 })
        if (r === 0 && i % sshEvery === 0) {
          const admin = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'admin', Description: 'ssh from anywhere' }))).GroupId!
          await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: admin, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))
        }
      })
    }
  }
  await pool(tasks, concurrency, (task) => task())
  return { managementAccountId, rootId, ouIds, accounts }
}

/** One member's logging and detection resources in one region (the trail and alarms only in the first). */
async function seedLogging(at: { endpoint: string; region: string; credentials: AwsCredentialIdentity; accountId: string; first: boolean }): Promise<void> {
  const common = { endpoint: at.endpoint, region: at.region, credentials: at.credentials, maxAttempts: 3 }
  await new GuardDutyClient(common).send(new CreateDetectorCommand({ Enable: true }))
  if (!at.first) return
  const bucket = `trail-${at.accountId}`
  await new S3Client({ ...common, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket, ...(at.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: at.region as never } }) }))
  const logGroup = 'cloudtrail'
  await new CloudWatchLogsClient(common).send(new CreateLogGroupCommand({ logGroupName: logGroup }))
  const trail = new CloudTrailClient(common)
  await trail.send(
    new CreateTrailCommand({
      Name: 'main',
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${at.region}:${at.accountId}:log-group:${logGroup}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${at.accountId}:role/cloudtrail-to-logs`,
    }),
  )
  await trail.send(new StartLoggingCommand({ Name: 'main' }))
  await new CloudWatchLogsClient(common).send(
    new PutMetricFilterCommand({ logGroupName: logGroup, filterName: 'root-usage', filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }] }),
  )
  const sns = new SNSClient(common)
  const topic = (await sns.send(new CreateTopicCommand({ Name: 'security-alerts' }))).TopicArn!
  await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${at.region}:${at.accountId}:alerts` }))
  await new CloudWatchClient(common).send(
    new PutMetricAlarmCommand({ AlarmName: 'root-usage', MetricName: 'RootUsage', Namespace: 'CISBenchmark', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] }),
  )
}

// CLI: tsx tools/seed-synthetic-org.ts --endpoint URL --accounts N --users U --regions a,b
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback?: string) => {
    const i = process.argv.indexOf(`--${name}`)
    const value = i >= 0 ? process.argv[i + 1] : fallback
    if (value === undefined) throw new Error(`--${name} is required`)
    return value
  }
  const started = Date.now()
  seedSyntheticOrganization({
    endpoint: arg('endpoint'),
    accounts: Number(arg('accounts', '10')),
    usersPerAccount: Number(arg('users', '10')),
    regions: arg('regions', 'us-east-1').split(','),
    logging: process.argv.includes('--logging'),
  })
    .then((seeded) => {
      process.stdout.write(`${JSON.stringify({ seconds: (Date.now() - started) / 1000, managementAccountId: seeded.managementAccountId, accounts: seeded.accounts.length })}\n`)
    })
    .catch((err) => {
      process.stderr.write(`seed failed: ${err instanceof Error ? err.stack : String(err)}\n`)
      process.exit(1)
    })
}
