// The collector registry: every AWS service the scan path talks to, and every collector that fills
// snapshot slices, as data. What used to be written by hand in several places is derived from here:
//   - the read-operation allow-list the read-only guard enforces (src/aws/read-operations.ts),
//   - the SDK client class of each service (src/aws/session.ts),
//   - per-service throttling caps and where each applies (src/orchestrate/service-limits.ts),
//   - the account pipeline's work: which collectors run once per account, which once per region.
// Slice *schemas* belong to the snapshot (src/snapshot/catalogue.ts); an entry names the slice keys it
// fills, and test/collect/registry.test.ts checks that every catalogued slice is filled by exactly
// one collector of the same scope.
//
// Adding a service: its slice schemas in src/snapshot/<service>.ts (listed in the catalogue), one
// collector file in src/collect/collectors/, and its entries below (service + collector).
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer'
import { AccountClient } from '@aws-sdk/client-account'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { EC2Client } from '@aws-sdk/client-ec2'
import { GuardDutyClient } from '@aws-sdk/client-guardduty'
import { IAMClient } from '@aws-sdk/client-iam'
import { KMSClient } from '@aws-sdk/client-kms'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { S3Client } from '@aws-sdk/client-s3'
import { S3ControlClient } from '@aws-sdk/client-s3-control'
import { SecurityHubClient } from '@aws-sdk/client-securityhub'
import { SNSClient } from '@aws-sdk/client-sns'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import type { AwsSession } from '../aws/session.js'
import type { CollectedSliceKey, CollectedSliceTypes } from '../snapshot/catalogue.js'
import type { SliceScope } from '../snapshot/slice-spec.js'
import type { Readable } from '../snapshot/readable.js'
import { collectSecurityGroups } from './collectors/ec2-security-groups.js'
import { collectFlowLogs, collectInstances, collectNetworkAcls, collectVpcs } from './collectors/ec2-network.js'
import { collectIam, type CollectIamOptions } from './iam.js'
import type { ManagedPolicyCache } from './managed-policy-cache.js'
import { readSecurityContact } from './organization-contacts.js'
import { s3ControlEndpointProvider } from '../aws/s3control-endpoint.js'
import { collectAggregators, collectConfigRecorders, collectDeliveryChannels } from './collectors/config.js'
import { collectDetectors } from './collectors/guardduty.js'
import { collectHub } from './collectors/securityhub.js'
import { collectAnalyzers } from './collectors/access-analyzer.js'
import { collectKeys } from './collectors/kms.js'
import { collectAccountPublicAccessBlock } from './collectors/s3-public-access-block.js'
import { collectManagedInstances, collectSessionPreferences, collectUserSyncResults } from './collectors/ssm.js'
import { collectTrails } from './collectors/cloudtrail.js'
import { collectBuckets } from './collectors/s3-buckets.js'
import { collectAlarms, collectMetricFilters, collectSubscriptions } from './collectors/monitoring.js'

// ---------------------------------------------------------------------------------------------
// Services.

/**
 * Where AWS throttles a service, and so where its concurrency cap is kept: per scan (the caller's
 * own quota: STS AssumeRole, Organizations), per account, or per account and region.
 */
export type ThrottleScope = 'scan' | 'account' | 'account-region'

export interface ServiceSpec {
  /** The SDK v3 client class. */
  client: new (config: object) => unknown
  /** Calls in flight at once within the throttle scope, on top of the SDK's adaptive retry. */
  throttle: { per: ThrottleScope; limit: number }
  /** Client configuration the service needs beyond the session's (addressing quirks). */
  clientConfig?: Record<string, unknown>
}

export const SERVICES = {
  sts: { client: STSClient, throttle: { per: 'scan', limit: 8 } },
  organizations: { client: OrganizationsClient, throttle: { per: 'scan', limit: 4 } },
  iam: { client: IAMClient, throttle: { per: 'account', limit: 4 } },
  account: { client: AccountClient, throttle: { per: 'account', limit: 2 } },
  ec2: { client: EC2Client, throttle: { per: 'account-region', limit: 4 } },
  cloudtrail: { client: CloudTrailClient, throttle: { per: 'account-region', limit: 4 } },
  config: { client: ConfigServiceClient, throttle: { per: 'account-region', limit: 4 } },
  logs: { client: CloudWatchLogsClient, throttle: { per: 'account-region', limit: 4 } },
  cloudwatch: { client: CloudWatchClient, throttle: { per: 'account-region', limit: 4 } },
  sns: { client: SNSClient, throttle: { per: 'account-region', limit: 4 } },
  guardduty: { client: GuardDutyClient, throttle: { per: 'account-region', limit: 4 } },
  securityhub: { client: SecurityHubClient, throttle: { per: 'account-region', limit: 4 } },
  accessanalyzer: { client: AccessAnalyzerClient, throttle: { per: 'account-region', limit: 4 } },
  ssm: { client: SSMClient, throttle: { per: 'account-region', limit: 4 } },
  kms: { client: KMSClient, throttle: { per: 'account-region', limit: 4 } },
  // Path-style addressing: bucket names never become host names (an emulator endpoint, and
  // bucket names with dots, work the same way).
  s3: { client: S3Client, throttle: { per: 'account', limit: 4 }, clientConfig: { forcePathStyle: true } },
  // The account id is a host label of every S3 Control call; an emulator at an IP address cannot take
  // one, so there the endpoint is used as given (src/aws/s3control-endpoint.ts). AWS is unaffected.
  s3control: { client: S3ControlClient, throttle: { per: 'account', limit: 2 }, clientConfig: { endpointProvider: s3ControlEndpointProvider } },
} as const satisfies Record<string, ServiceSpec>

export type AwsService = keyof typeof SERVICES
export type ServiceClients = { [S in AwsService]: InstanceType<(typeof SERVICES)[S]['client']> }
export const AWS_SERVICES = Object.keys(SERVICES) as AwsService[]

// ---------------------------------------------------------------------------------------------
// Collectors.

export interface CollectorOptions {
  iam?: CollectIamOptions
}

export interface CollectorContext {
  accountId: string
  partition: string
  /** The region collected (regional collectors), or the session's home region (global ones). */
  region: string
  /** Guarded, counted and throttled clients inside the account. */
  session: AwsSession
  /** Scan-wide cache of AWS-managed policy documents. */
  cache: ManagedPolicyCache
  options: CollectorOptions
}

export type CollectedSlices<K extends CollectedSliceKey> = { [P in K]: Readable<CollectedSliceTypes[P]> }

export interface CollectorDefinition<K extends CollectedSliceKey = CollectedSliceKey> {
  /** Stable name, used in tests and logs. */
  id: string
  service: AwsService
  /** global: once per account; regional: once per account and scanned region. */
  scope: SliceScope
  /** Every operation the collector may call on its service, exactly as AWS names it. */
  operations: readonly string[]
  /**
   * Operations of other services the collector needs for the same slice (the CloudTrail collector
   * reads the trail bucket's logging with s3:GetBucketLogging). Allowed and counted like its own.
   */
  alsoCalls?: Partial<Record<AwsService, readonly string[]>>
  /** The catalogue slices it fills; it returns each of them, read or unreadable, never absent. */
  slices: readonly K[]
  /** Never throws for an AWS failure: a failed read is an unreadable slice (collect/isolate.ts). */
  collect(ctx: CollectorContext): Promise<CollectedSlices<K>>
}

function defineCollector<const K extends CollectedSliceKey>(collector: CollectorDefinition<K>): CollectorDefinition {
  return collector as unknown as CollectorDefinition
}

/** 'iam.credentialReport' ← { credentialReport } : a collector's grouped result as catalogue keys. */
function asSliceKeys<G extends string, T extends Record<string, unknown>>(group: G, slices: T): { [N in keyof T & string as `${G}.${N}`]: T[N] } {
  return Object.fromEntries(Object.entries(slices).map(([name, slice]) => [`${group}.${name}`, slice])) as never
}

export const COLLECTORS: readonly CollectorDefinition[] = [
  defineCollector({
    id: 'iam',
    service: 'iam',
    scope: 'global',
    operations: [
      'GetAccountAuthorizationDetails',
      // AWS-managed policy documents, once per scan (managed-policy-cache.ts).
      'GetPolicy',
      'GetPolicyVersion',
      // IAM itself classes GenerateCredentialReport as a read: it only (re)builds the report.
      'GenerateCredentialReport',
      'GetCredentialReport',
      'GetAccountSummary',
      'GetAccountPasswordPolicy',
      'ListVirtualMFADevices',
      'ListServerCertificates',
    ],
    slices: ['iam.authorizationDetails', 'iam.credentialReport', 'iam.accountSummary', 'iam.passwordPolicy', 'iam.virtualMfaDevices', 'iam.serverCertificates'],
    collect: async (ctx) => asSliceKeys('iam', await collectIam(ctx.session, ctx.cache, ctx.options.iam)),
  }),
  defineCollector({
    id: 'account-security-contact',
    service: 'account',
    scope: 'global',
    operations: ['GetAlternateContact'],
    slices: ['account.securityContact'],
    collect: async (ctx) => ({ 'account.securityContact': await readSecurityContact(ctx.session) }),
  }),
  defineCollector({
    id: 'ec2-security-groups',
    service: 'ec2',
    scope: 'regional',
    operations: ['DescribeSecurityGroups'],
    slices: ['ec2.securityGroups'],
    collect: async (ctx) => ({ 'ec2.securityGroups': await collectSecurityGroups(ctx.session.client('ec2', ctx.region), ctx.accountId, ctx.region, ctx.partition) }),
  }),
  defineCollector({
    id: 'ec2-network-acls',
    service: 'ec2',
    scope: 'regional',
    operations: ['DescribeNetworkAcls'],
    slices: ['ec2.networkAcls'],
    collect: async (ctx) => ({ 'ec2.networkAcls': await collectNetworkAcls(ctx.session.client('ec2', ctx.region), ctx.accountId, ctx.region, ctx.partition) }),
  }),
  defineCollector({
    id: 'ec2-instances',
    service: 'ec2',
    scope: 'regional',
    operations: ['DescribeInstances'],
    slices: ['ec2.instances'],
    collect: async (ctx) => ({ 'ec2.instances': await collectInstances(ctx.session.client('ec2', ctx.region), ctx.accountId, ctx.region, ctx.partition) }),
  }),
  defineCollector({
    id: 'ec2-vpc-flow-logs',
    service: 'ec2',
    scope: 'regional',
    operations: ['DescribeVpcs', 'DescribeFlowLogs'],
    slices: ['ec2.vpcs', 'ec2.flowLogs'],
    collect: async (ctx) => {
      const ec2 = ctx.session.client('ec2', ctx.region)
      const [vpcs, flowLogs] = await Promise.all([collectVpcs(ec2, ctx.accountId, ctx.region, ctx.partition), collectFlowLogs(ec2)])
      return { 'ec2.vpcs': vpcs, 'ec2.flowLogs': flowLogs }
    },
  }),
  defineCollector({
    id: 'ssm-session-preferences',
    service: 'ssm',
    scope: 'regional',
    operations: ['GetDocument'],
    slices: ['ssm.sessionPreferences'],
    collect: async (ctx) => ({ 'ssm.sessionPreferences': await collectSessionPreferences(ctx.session.client('ssm', ctx.region)) }),
  }),
  defineCollector({
    id: 'ssm-managed-instances',
    service: 'ssm',
    scope: 'regional',
    operations: ['DescribeInstanceInformation'],
    slices: ['ssm.managedInstances'],
    collect: async (ctx) => ({ 'ssm.managedInstances': await collectManagedInstances(ctx.session.client('ssm', ctx.region)) }),
  }),
  defineCollector({
    id: 'ssm-user-sync-results',
    service: 'ssm',
    scope: 'regional',
    operations: ['ListCommandInvocations'],
    slices: ['ssm.userSyncResults'],
    collect: async (ctx) => ({ 'ssm.userSyncResults': await collectUserSyncResults(ctx.session.client('ssm', ctx.region)) }),
  }),
  defineCollector({
    id: 'cloudtrail-trails',
    service: 'cloudtrail',
    scope: 'regional',
    operations: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'],
    alsoCalls: { s3: ['GetBucketLogging'] },
    slices: ['cloudtrail.trails'],
    collect: async (ctx) => ({ 'cloudtrail.trails': await collectTrails(ctx.session, ctx.region, ctx.accountId) }),
  }),
  defineCollector({
    id: 's3-buckets',
    service: 's3',
    scope: 'global',
    operations: ['ListBuckets'],
    slices: ['s3.buckets'],
    collect: async (ctx) => ({ 's3.buckets': await collectBuckets(ctx.session.client('s3', ctx.region)) }),
  }),
  defineCollector({
    id: 'logs-metric-filters',
    service: 'logs',
    scope: 'regional',
    operations: ['DescribeMetricFilters'],
    slices: ['logs.metricFilters'],
    collect: async (ctx) => ({ 'logs.metricFilters': await collectMetricFilters(ctx.session.client('logs', ctx.region)) }),
  }),
  defineCollector({
    id: 'cloudwatch-alarms',
    service: 'cloudwatch',
    scope: 'regional',
    operations: ['DescribeAlarms'],
    slices: ['cloudwatch.alarms'],
    collect: async (ctx) => ({ 'cloudwatch.alarms': await collectAlarms(ctx.session.client('cloudwatch', ctx.region)) }),
  }),
  defineCollector({
    id: 'sns-subscriptions',
    service: 'sns',
    scope: 'regional',
    operations: ['ListSubscriptions'],
    slices: ['sns.subscriptions'],
    collect: async (ctx) => ({ 'sns.subscriptions': await collectSubscriptions(ctx.session.client('sns', ctx.region)) }),
  }),
  defineCollector({
    id: 'config',
    service: 'config',
    scope: 'regional',
    operations: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels', 'DescribeConfigurationAggregators'],
    slices: ['config.recorders', 'config.deliveryChannels', 'config.aggregators'],
    collect: async (ctx) => {
      const config = ctx.session.client('config', ctx.region)
      const [recorders, channels, aggregators] = await Promise.all([collectConfigRecorders(config), collectDeliveryChannels(config), collectAggregators(config)])
      return { 'config.recorders': recorders, 'config.deliveryChannels': channels, 'config.aggregators': aggregators }
    },
  }),
  defineCollector({
    id: 'guardduty-detectors',
    service: 'guardduty',
    scope: 'regional',
    operations: ['ListDetectors', 'GetDetector'],
    slices: ['guardduty.detectors'],
    collect: async (ctx) => ({ 'guardduty.detectors': await collectDetectors(ctx.session.client('guardduty', ctx.region)) }),
  }),
  defineCollector({
    id: 'securityhub-hub',
    service: 'securityhub',
    scope: 'regional',
    operations: ['DescribeHub'],
    slices: ['securityhub.hub'],
    collect: async (ctx) => ({ 'securityhub.hub': await collectHub(ctx.session.client('securityhub', ctx.region)) }),
  }),
  defineCollector({
    id: 'access-analyzer',
    service: 'accessanalyzer',
    scope: 'regional',
    operations: ['ListAnalyzers'],
    slices: ['accessanalyzer.analyzers'],
    collect: async (ctx) => ({ 'accessanalyzer.analyzers': await collectAnalyzers(ctx.session.client('accessanalyzer', ctx.region)) }),
  }),
  defineCollector({
    id: 'kms-keys',
    service: 'kms',
    scope: 'regional',
    operations: ['ListKeys', 'DescribeKey', 'GetKeyRotationStatus'],
    slices: ['kms.keys'],
    collect: async (ctx) => ({ 'kms.keys': await collectKeys(ctx.session.client('kms', ctx.region)) }),
  }),
  defineCollector({
    id: 's3-account-public-access-block',
    service: 's3control',
    scope: 'global',
    operations: ['GetPublicAccessBlock'],
    slices: ['s3control.publicAccessBlock'],
    collect: async (ctx) => ({ 's3control.publicAccessBlock': await collectAccountPublicAccessBlock(ctx.session.client('s3control'), ctx.accountId) }),
  }),
]

export const GLOBAL_COLLECTORS = COLLECTORS.filter((c) => c.scope === 'global')
export const REGIONAL_COLLECTORS = COLLECTORS.filter((c) => c.scope === 'regional')

/**
 * Reads made outside the per-account collectors: who am I, role assumption, region discovery, the
 * organization collector (src/collect/organization.ts), which runs once per scan, and the user sync's
 * central IAM reads (`guardrail users plan`: group members and their SSH public keys).
 */
export const SCAN_READS: Partial<Record<AwsService, readonly string[]>> = {
  sts: ['GetCallerIdentity', 'AssumeRole'],
  iam: ['GetGroup', 'ListSSHPublicKeys', 'GetSSHPublicKey'],
  ec2: ['DescribeRegions'],
  account: ['ListRegions'],
  organizations: [
    'DescribeOrganization',
    'ListRoots',
    'ListOrganizationalUnitsForParent',
    'ListAccounts',
    'ListAccountsForParent',
    'ListParents',
    'ListPolicies',
    'DescribePolicy',
    'ListTargetsForPolicy',
    'ListPoliciesForTarget',
    'ListTagsForResource',
    'ListDelegatedAdministrators',
  ],
  // The organization trails and their monitoring, read once per scan (collect/organization-trails.ts).
  cloudtrail: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'],
  s3: ['GetBucketLogging'],
  logs: ['DescribeMetricFilters'],
  cloudwatch: ['DescribeAlarms'],
  sns: ['ListSubscriptions'],
}

/** Every operation the scan path may call, per service: the collectors' plus SCAN_READS. */
export function readOperationsByService(): Record<AwsService, string[]> {
  const out = Object.fromEntries(AWS_SERVICES.map((s) => [s, [...(SCAN_READS[s] ?? [])]])) as Record<AwsService, string[]>
  const add = (service: AwsService, op: string) => {
    if (!out[service].includes(op)) out[service].push(op)
  }
  for (const c of COLLECTORS) {
    for (const op of c.operations) add(c.service, op)
    for (const [service, ops] of Object.entries(c.alsoCalls ?? {}) as [AwsService, readonly string[]][]) for (const op of ops) add(service, op)
  }
  return out
}
