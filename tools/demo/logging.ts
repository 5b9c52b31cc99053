// The demo organization's logging, detection and Session Manager set-up: a realistic mix, seeded
// through the same SDK the product uses.
//
//   management   an organization trail (multi-region, validated, KMS, CloudWatch Logs) delivering to a
//                bucket in the Log Archive account; on its log group the CIS root-usage filter written
//                differently from the benchmark (spacing, order) with an alarm and a subscribed topic,
//                the unauthorized-API-calls filter with NO alarm, and the console-without-MFA filter
//                whose alarm notifies a topic nobody subscribed to; Config recording in us-east-1.
//   Audit        Security Hub, GuardDuty and an organization Config aggregator in us-east-1.
//   Prod Payments  covered only by the organization trail, plus a trail of its own that exists but
//                does not log; Config, GuardDuty and Session Manager preferences (S3 + CloudWatch,
//                encrypted, Run As, an alarm on sudo) in us-east-1; in eu-west-1 nothing enabled but a Session Manager
//                set-up that logs to CloudWatch unencrypted, without Run As, with a 60-minute idle
//                timeout; a customer-managed KMS key without rotation; account-level S3 Block Public Access.
//   Sandbox, Identity, Log Archive  nothing: regions with nothing enabled.
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail'
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  ConfigServiceClient,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service'
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty'
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms'
import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3'
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm'

export interface LoggingCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface LoggingAccounts {
  endpoint: string
  management: { id: string; credentials: LoggingCredentials }
  audit: { id: string; credentials: LoggingCredentials }
  logArchive: { id: string; credentials: LoggingCredentials }
  payments: { id: string; credentials: LoggingCredentials }
}

const HOME = 'us-east-1'
const config = (endpoint: string, credentials: LoggingCredentials, region = HOME) => ({ endpoint, region, credentials, maxAttempts: 1 })

/** The CIS 4.3 root-usage pattern, written with other spacing and term order than the benchmark's. */
const ROOT_USAGE_REWRITTEN = '{$.eventType!="AwsServiceEvent" && $.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS}'
const UNAUTHORIZED_CALLS = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }'
const CONSOLE_WITHOUT_MFA = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'

export async function seedDemoLogging(at: LoggingAccounts): Promise<void> {
  await seedOrganizationTrail(at)
  await seedAudit(at)
  await seedPayments(at)
}

async function seedOrganizationTrail(at: LoggingAccounts): Promise<void> {
  const { endpoint } = at
  const mgmt = at.management
  // The trail's bucket lives in the Log Archive account, with server access logging on.
  const archiveS3 = new S3Client({ ...config(endpoint, at.logArchive.credentials), forcePathStyle: true })
  const bucket = 'demo-org-trail-logs'
  await archiveS3.send(new CreateBucketCommand({ Bucket: bucket }))
  await archiveS3.send(new CreateBucketCommand({ Bucket: 'demo-access-logs' }))
  // The target bucket lets the S3 logging service write, as server access logging requires.
  const delivery = { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::demo-access-logs/*' }
  await archiveS3.send(new PutBucketPolicyCommand({ Bucket: 'demo-access-logs', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [delivery] }) }))
  await archiveS3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'demo-access-logs', TargetPrefix: 'org-trail/' } } }))

  const key = (await new KMSClient(config(endpoint, mgmt.credentials)).send(new CreateKeyCommand({ Description: 'organization trail' }))).KeyMetadata!.Arn!
  await new KMSClient(config(endpoint, mgmt.credentials)).send(new EnableKeyRotationCommand({ KeyId: key }))
  const logs = new CloudWatchLogsClient(config(endpoint, mgmt.credentials))
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'org-trail' }))
  const trail = new CloudTrailClient(config(endpoint, mgmt.credentials))
  await trail.send(
    new CreateTrailCommand({
      Name: 'org-trail',
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      EnableLogFileValidation: true,
      KmsKeyId: key,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME}:${mgmt.id}:log-group:org-trail:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${mgmt.id}:role/org-trail-to-cloudwatch`,
    }),
  )
  // Read and write management events (AWS's default for a new trail; the emulator has no default).
  await trail.send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }))
  await trail.send(new StartLoggingCommand({ Name: 'org-trail' }))

  const sns = new SNSClient(config(endpoint, mgmt.credentials))
  const alerts = (await sns.send(new CreateTopicCommand({ Name: 'security-alerts' }))).TopicArn!
  await sns.send(new SubscribeCommand({ TopicArn: alerts, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${HOME}:${mgmt.id}:security-alerts` }))
  const unwatched = (await sns.send(new CreateTopicCommand({ Name: 'nobody-listens' }))).TopicArn!
  const filter = (name: string, pattern: string, metric: string) =>
    logs.send(new PutMetricFilterCommand({ logGroupName: 'org-trail', filterName: name, filterPattern: pattern, metricTransformations: [{ metricName: metric, metricNamespace: 'CISBenchmark', metricValue: '1' }] }))
  const alarm = (name: string, metric: string, topic: string) =>
    new CloudWatchClient(config(endpoint, mgmt.credentials)).send(
      new PutMetricAlarmCommand({ AlarmName: name, MetricName: metric, Namespace: 'CISBenchmark', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] }),
    )
  await filter('root-usage', ROOT_USAGE_REWRITTEN, 'RootUsage')
  await alarm('root-usage', 'RootUsage', alerts)
  await filter('unauthorized-api-calls', UNAUTHORIZED_CALLS, 'UnauthorizedApiCalls')
  await filter('console-signin-without-mfa', CONSOLE_WITHOUT_MFA, 'ConsoleSigninWithoutMfa')
  await alarm('console-signin-without-mfa', 'ConsoleSigninWithoutMfa', unwatched)

  await seedConfigRecorder(endpoint, mgmt.id, mgmt.credentials, bucket)
}

async function seedConfigRecorder(endpoint: string, accountId: string, credentials: LoggingCredentials, bucket: string): Promise<void> {
  const configService = new ConfigServiceClient(config(endpoint, credentials))
  await configService.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
    }),
  )
  await configService.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket } }))
  await configService.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))
}

/**
 * S3 Control addresses <account>.s3-control.<region>.amazonaws.com: against the emulator's endpoint
 * the account id becomes a host label, so the seed names the emulator by 'localhost' (a valid host
 * under that label) and drops the label again before the request leaves.
 */
function s3Control(endpoint: string, credentials: LoggingCredentials, accountId: string): S3ControlClient {
  const client = new S3ControlClient(config(endpoint.replace('127.0.0.1', 'localhost'), credentials))
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = (args as { request: { hostname: string } }).request
      if (request.hostname.startsWith(`${accountId}.`)) request.hostname = request.hostname.slice(accountId.length + 1)
      return next(args)
    },
    { step: 'finalizeRequest', name: 'emulatorS3ControlHost' },
  )
  return client
}

async function seedAudit(at: LoggingAccounts): Promise<void> {
  const { endpoint } = at
  const { id, credentials } = at.audit
  await new SecurityHubClient(config(endpoint, credentials)).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }))
  await new GuardDutyClient(config(endpoint, credentials)).send(new CreateDetectorCommand({ Enable: true }))
  await new ConfigServiceClient(config(endpoint, credentials)).send(
    new PutConfigurationAggregatorCommand({
      ConfigurationAggregatorName: 'organization',
      OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${id}:role/config-aggregator`, AllAwsRegions: true },
    }),
  )
}

async function seedPayments(at: LoggingAccounts): Promise<void> {
  const { endpoint } = at
  const { id, credentials } = at.payments
  const s3 = new S3Client({ ...config(endpoint, credentials), forcePathStyle: true })
  await s3.send(new CreateBucketCommand({ Bucket: 'payments-app-trail' }))
  // A trail of its own that was created and never started: it exists, it does not log.
  await new CloudTrailClient(config(endpoint, credentials)).send(new CreateTrailCommand({ Name: 'payments-app', S3BucketName: 'payments-app-trail' }))
  await seedConfigRecorder(endpoint, id, credentials, 'payments-app-trail')
  await new GuardDutyClient(config(endpoint, credentials)).send(new CreateDetectorCommand({ Enable: true }))
  await new KMSClient(config(endpoint, credentials)).send(new CreateKeyCommand({ Description: 'payments data (rotation never turned on)' }))
  await s3Control(endpoint, credentials, id).send(
    new PutPublicAccessBlockCommand({ AccountId: id, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
  )

  // Session Manager preferences: a good set-up at home, a weak one in eu-west-1.
  const preferences = (inputs: Record<string, unknown>) => JSON.stringify({ schemaVersion: '1.0', description: 'Session Manager preferences', sessionType: 'Standard_Stream', inputs })
  const sessionLogs = new CloudWatchLogsClient(config(endpoint, credentials))
  await sessionLogs.send(new CreateLogGroupCommand({ logGroupName: 'ssm-sessions' }))
  // At home, sudo in a session raises an alarm to a subscribed topic (ssm.sudo-alert).
  await sessionLogs.send(new PutMetricFilterCommand({ logGroupName: 'ssm-sessions', filterName: 'sudo', filterPattern: 'sudo', metricTransformations: [{ metricName: 'SessionSudo', metricNamespace: 'SessionManager', metricValue: '1' }] }))
  const sns = new SNSClient(config(endpoint, credentials))
  const topic = (await sns.send(new CreateTopicCommand({ Name: 'session-alerts' }))).TopicArn!
  await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${HOME}:${id}:session-alerts` }))
  await new CloudWatchClient(config(endpoint, credentials)).send(
    new PutMetricAlarmCommand({ AlarmName: 'session-sudo', MetricName: 'SessionSudo', Namespace: 'SessionManager', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] }),
  )
  await new SSMClient(config(endpoint, credentials)).send(
    new CreateDocumentCommand({
      Name: 'SSM-SessionManagerRunShell',
      DocumentType: 'Session',
      DocumentFormat: 'JSON',
      Content: preferences({
        s3BucketName: 'payments-app-trail',
        s3KeyPrefix: 'sessions/',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: 'ssm-sessions',
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: 'alias/session-manager',
        runAsEnabled: true,
        runAsDefaultUser: 'ssm-operator',
        idleSessionTimeout: '15',
        maxSessionDuration: '120',
      }),
    }),
  )
  const west = config(endpoint, credentials, 'eu-west-1')
  await new CloudWatchLogsClient(west).send(new CreateLogGroupCommand({ logGroupName: 'ssm-sessions' }))
  await new SSMClient(west).send(
    new CreateDocumentCommand({
      Name: 'SSM-SessionManagerRunShell',
      DocumentType: 'Session',
      DocumentFormat: 'JSON',
      Content: preferences({ cloudWatchLogGroupName: 'ssm-sessions', cloudWatchEncryptionEnabled: false, cloudWatchStreamingEnabled: true, runAsEnabled: false, idleSessionTimeout: '60' }),
    }),
  )
}
