// Writes a large, realistic, valid snapshot file by streaming it account by account (never holding
// it whole), for benchmarking the streaming reader and `guardrail evaluate` at organization scale.
//
//   node --import tsx bench/make-large-snapshot.ts --accounts 10000 --users 20 --regions 2 --out /tmp/x.json
//
// Options: --accounts N (default 100), --users N per account (default 20), --regions N (1–8, default
// 2), --seed N (default 1), --layout assemble|pretty (default assemble: what `scan --org` writes,
// one account per line; pretty: JSON.stringify(snapshot, null, 2), as `guardrail collect` writes).
// Deterministic: the same options give the same bytes. Every account has IAM authorization details
// (users with groups and policies, groups, roles, customer- and AWS-managed policies), a credential
// report, password policy, account summary, MFA devices, server certificates, the security contact
// and the EC2 slices (security groups, network ACLs, instances, VPCs, flow logs) per region; the header has the organization slice listing every account.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { pathToFileURL } from 'node:url'
import type { AccountSnapshot, CredentialReportUser, IamGroup, IamRole, IamUser, ManagedPolicy, SnapshotHeader } from '../src/snapshot/schema.js'
import type { OrgAccount, OrganizationSlice, OrganizationalUnit } from '../src/snapshot/organization.js'
import type { FlowLog, Instance, NetworkAcl, SecurityGroup, Vpc } from '../src/snapshot/ec2.js'
import type { Trail } from '../src/snapshot/cloudtrail.js'
import type { KmsKey } from '../src/snapshot/detection.js'
import type { ManagedInstance, SessionPreferences } from '../src/snapshot/ssm.js'
import type { RegionSlices } from '../src/snapshot/schema.js'
import { seededRandom } from '../tools/prng.js'

export interface LargeSnapshotOptions {
  accounts: number
  users: number
  regions: number
  seed: number
  layout: 'assemble' | 'pretty'
}

const ALL_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'ca-central-1']
const MANAGEMENT_ID = '000000000000'
const ORG_ID = 'o-benchorg001'
const ROOT_ID = 'r-bn01'
const T0 = Date.parse('2026-06-01T00:00:00Z')
const iso = (daysAgo: number): string => new Date(T0 - Math.round(daysAgo * 86_400_000)).toISOString()
// Names as real directories hold them, including non-ASCII ones (multi-byte UTF-8 in the file).
const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'josé', 'zoë', 'søren', 'łukasz', 'ana-maría', 'björn']
const TEAMS = ['platform', 'payments', 'data', 'security', 'mobile', 'web', 'ml', 'finance']
const OU_NAMES = ['Security', 'Infrastructure', 'Workloads-Prod', 'Workloads-Dev', 'Sandbox', 'Suspended', 'Policy Staging', 'Deployments']

export const accountIdOf = (i: number): string => String(100_000_000_000 + i)

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

const ADMIN_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
const READONLY_DOC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['a4b:Get*', 'a4b:List*', 'acm:Describe*', 'acm:Get*', 'acm:List*', 'cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:List*', 'ec2:Describe*', 'ec2:Get*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*'], Resource: '*' }],
}
const AWS_MANAGED: { name: string; document: Record<string, unknown> }[] = [
  { name: 'AdministratorAccess', document: ADMIN_DOC },
  { name: 'ReadOnlyAccess', document: READONLY_DOC },
  { name: 'IAMUserChangePassword', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}'] }, { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' }] } },
]

function bucketPolicy(team: string, accountId: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TeamBuckets', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${team}-${accountId}-*`, `arn:aws:s3:::${team}-${accountId}-*/*`] },
      { Sid: 'DenyOutsideNetwork', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] }, Bool: { 'aws:ViaAWSService': 'false' } } },
    ],
  }
}

/** One account's snapshot, deterministic in (seed, index). */
export function makeAccount(index: number, options: Pick<LargeSnapshotOptions, 'users' | 'regions' | 'seed'>): AccountSnapshot {
  const rnd = seededRandom(options.seed * 1_000_003 + index)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!
  const accountId = accountIdOf(index)
  const arn = (kind: string, name: string) => `arn:aws:iam::${accountId}:${kind}/${name}`
  const regions = ALL_REGIONS.slice(0, Math.max(1, Math.min(options.regions, ALL_REGIONS.length)))

  const customer: ManagedPolicy[] = TEAMS.slice(0, 4).map((team) => ({
    name: `${team}-access`,
    arn: arn('policy', `${team}-access`),
    awsManaged: false,
    attachmentCount: 1 + Math.floor(rnd() * 5),
    defaultVersionId: `v${1 + Math.floor(rnd() * 4)}`,
    document: bucketPolicy(team, accountId),
  }))
  const awsManaged: ManagedPolicy[] = AWS_MANAGED.map((p) => ({ name: p.name, arn: `arn:aws:iam::aws:policy/${p.name}`, awsManaged: true, attachmentCount: 1 + Math.floor(rnd() * 10), defaultVersionId: 'v1', document: p.document }))
  const attach = (p: ManagedPolicy) => ({ name: p.name, arn: p.arn })

  const groups: IamGroup[] = TEAMS.slice(0, 5).map((team, g) => ({
    name: `${team}-team`,
    id: `AGPA${pad(index, 9)}${pad(g, 8)}`,
    arn: arn('group', `${team}-team`),
    path: '/',
    attachedPolicies: [attach(customer[g % customer.length]!), ...(g === 0 ? [attach(awsManaged[0]!)] : [attach(awsManaged[1]!)])],
    inlinePolicies: g % 2 === 0 ? [{ name: `${team}-inline`, document: bucketPolicy(team, accountId) }] : [],
  }))

  const users: IamUser[] = []
  const rows: CredentialReportUser[] = [
    {
      user: '<root_account>',
      arn: `arn:aws:iam::${accountId}:root`,
      isRoot: true,
      userCreationTime: iso(1500),
      passwordEnabled: null,
      passwordLastUsed: rnd() < 0.2 ? iso(rnd() * 200) : null,
      passwordLastChanged: null,
      mfaActive: rnd() < 0.9,
      accessKeys: [1, 2].map((slot) => ({ slot: slot as 1 | 2, active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null })),
      certificates: [1, 2].map((slot) => ({ slot: slot as 1 | 2, active: false, lastRotated: null })),
    },
  ]
  for (let u = 0; u < options.users; u++) {
    const name = `${pick(FIRST_NAMES)}.${pick(TEAMS)}${u}`
    const created = 30 + rnd() * 1500
    const password = rnd() < 0.6
    const mfa = password && rnd() < 0.85
    const keys = rnd() < 0.5 ? (rnd() < 0.2 ? 2 : 1) : 0
    const userGroups = [...new Set([pick(groups).name, ...(rnd() < 0.4 ? [pick(groups).name] : [])])]
    const user: IamUser = {
      name,
      id: `AIDA${pad(index, 9)}${pad(u, 8)}`,
      arn: arn('user', name),
      path: rnd() < 0.2 ? '/contractors/' : '/',
      createDate: iso(created),
      groups: userGroups,
      attachedPolicies: rnd() < 0.15 ? [attach(pick(awsManaged))] : [],
      inlinePolicies: rnd() < 0.1 ? [{ name: 'legacy-inline', document: bucketPolicy(pick(TEAMS), accountId) }] : [],
      tags: { team: pick(TEAMS), 'cost-center': `cc-${pad(Math.floor(rnd() * 900) + 100, 3)}`, ...(rnd() < 0.1 ? { note: 'Ünïcödé tag — “quoted” and [bracketed] {braced} \\ back' } : {}) },
    }
    if (rnd() < 0.05) user.permissionsBoundaryArn = customer[0]!.arn
    users.push(user)
    rows.push({
      user: name,
      arn: user.arn,
      isRoot: false,
      userCreationTime: user.createDate,
      passwordEnabled: password,
      passwordLastUsed: password && rnd() < 0.8 ? iso(rnd() * 120) : null,
      passwordLastChanged: password ? iso(rnd() * created) : null,
      mfaActive: mfa,
      accessKeys: [1, 2].map((slot) => {
        const has = slot <= keys
        const used = has && rnd() < 0.8
        return {
          slot: slot as 1 | 2,
          active: has && rnd() < 0.9,
          lastRotated: has ? iso(rnd() * created) : null,
          lastUsedDate: used ? iso(rnd() * 60) : null,
          lastUsedRegion: used ? pick(regions) : null,
          lastUsedService: used ? pick(['s3', 'sts', 'ec2', 'iam', 'lambda']) : null,
        }
      }),
      certificates: [1, 2].map((slot) => ({ slot: slot as 1 | 2, active: false, lastRotated: null })),
    })
  }

  const roles: IamRole[] = ['OrganizationAccountAccessRole', 'guardrail-audit', 'ci-deploy', 'lambda-exec', 'ecs-task', 'break-glass'].map((name, r) => ({
    name,
    id: `AROA${pad(index, 9)}${pad(r, 8)}`,
    arn: arn('role', name),
    path: r < 2 ? '/' : '/service-role/',
    createDate: iso(100 + rnd() * 1000),
    assumeRolePolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: r < 3 ? { AWS: `arn:aws:iam::${MANAGEMENT_ID}:root` } : { Service: `${name.split('-')[0]}.amazonaws.com` }, Action: 'sts:AssumeRole', ...(r === 1 ? { Condition: { StringEquals: { 'sts:ExternalId': 'guardrail-audit' } } } : {}) }],
    },
    attachedPolicies: [attach(r === 0 || r === 5 ? awsManaged[0]! : r === 1 ? awsManaged[1]! : pick(customer))],
    inlinePolicies: [],
    instanceProfileArns: r === 4 ? [arn('instance-profile', name)] : [],
    tags: { 'managed-by': 'terraform' },
  }))

  const regional: AccountSnapshot['regional'] = {}
  for (const region of regions) {
    const count = 3 + Math.floor(rnd() * 8)
    const vpcId = `vpc-${pad(index, 9)}${region.length}`
    const groupsOfRegion: SecurityGroup[] = []
    for (let s = 0; s < count; s++) {
      const groupId = `sg-${pad(index, 9)}${pad(s, 8)}`
      const sshOpen = rnd() < 0.05
      groupsOfRegion.push({
        groupId,
        groupName: s === 0 ? 'default' : `${pick(TEAMS)}-${pick(['web', 'db', 'cache', 'bastion', 'lb'])}-${s}`,
        arn: `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`,
        vpcId,
        ingress: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] },
          ...(sshOpen ? [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }] : []),
          ...(s === 0 ? [{ protocol: '-1', ipv4Ranges: [], ipv6Ranges: [] }] : [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, ipv4Ranges: ['10.0.0.0/8'], ipv6Ranges: [] }]),
        ],
        egress: [{ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
      })
    }
    // The rest of a region as EC2 describes it: the VPC's network ACL (EC2's default: allow all in,
    // then the catch-all deny), a few instances (some still on IMDSv1), the VPC and, mostly, a flow log.
    const aclId = `acl-${pad(index, 9)}${region.length}`
    const networkAcls: NetworkAcl[] = [
      {
        networkAclId: aclId,
        arn: `arn:aws:ec2:${region}:${accountId}:network-acl/${aclId}`,
        vpcId,
        isDefault: true,
        subnetIds: [`subnet-${pad(index, 9)}a`, `subnet-${pad(index, 9)}b`],
        entries: [
          { ruleNumber: 100, protocol: '-1', ruleAction: 'allow', egress: false, cidrBlock: '0.0.0.0/0' },
          { ruleNumber: 100, protocol: '-1', ruleAction: 'allow', egress: true, cidrBlock: '0.0.0.0/0' },
          { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: false, cidrBlock: '0.0.0.0/0' },
          { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: true, cidrBlock: '0.0.0.0/0' },
        ],
      },
    ]
    const instances: Instance[] = Array.from({ length: Math.floor(rnd() * 4) }, (_, n) => {
      const instanceId = `i-${pad(index, 9)}${pad(n, 8)}`
      return { instanceId, arn: `arn:aws:ec2:${region}:${accountId}:instance/${instanceId}`, state: 'running', httpTokens: rnd() < 0.3 ? 'optional' : 'required', httpEndpoint: 'enabled', tags: { Name: `${pick(TEAMS)}-${n}` } }
    })
    const vpcs: Vpc[] = [{ vpcId, arn: `arn:aws:ec2:${region}:${accountId}:vpc/${vpcId}`, isDefault: true, cidrBlock: '172.31.0.0/16' }]
    const flowLogs: FlowLog[] = rnd() < 0.8 ? [{ flowLogId: `fl-${pad(index, 9)}${region.length}`, resourceId: vpcId, trafficType: 'REJECT', status: 'ACTIVE', deliverLogsStatus: 'SUCCESS', logDestinationType: 's3' }] : []
    regional[region] = {
      'ec2.securityGroups': { kind: 'ok', value: groupsOfRegion },
      'ec2.networkAcls': { kind: 'ok', value: networkAcls },
      'ec2.instances': { kind: 'ok', value: instances },
      'ec2.vpcs': { kind: 'ok', value: vpcs },
      'ec2.flowLogs': { kind: 'ok', value: flowLogs },
      ...loggingAndDetection(region, accountId, index, regions[0] === region, instances, rnd),
    }
  }

  const ou = OU_NAMES[index % OU_NAMES.length]!
  return {
    accountId,
    name: `${pick(TEAMS)}-${pick(['prod', 'dev', 'staging', 'sandbox'])}-${index}`,
    ouPath: [
      { id: ROOT_ID, name: 'Root' },
      { id: `ou-bn01-${pad(index % OU_NAMES.length, 8)}`, name: ou },
    ],
    tags: { owner: `${pick(FIRST_NAMES)}@example.com`, environment: pick(['prod', 'dev', 'staging']) },
    regions,
    collectedAt: iso(0),
    access: { kind: 'ok', value: { roleArn: arn('role', 'OrganizationAccountAccessRole') } },
    iam: {
      authorizationDetails: { kind: 'ok', value: { users, groups, roles, policies: [...customer, ...awsManaged] } },
      credentialReport: { kind: 'ok', value: { generatedAt: iso(0), users: rows } },
      accountSummary: {
        kind: 'ok',
        value: { AccountMFAEnabled: rows[0]!.mfaActive ? 1 : 0, AccountAccessKeysPresent: 0, Users: users.length, Groups: groups.length, Roles: roles.length, Policies: customer.length, MFADevices: rows.filter((r) => r.mfaActive).length },
      },
      passwordPolicy:
        rnd() < 0.1
          ? { kind: 'ok', value: null }
          : { kind: 'ok', value: { minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true, passwordReusePrevention: 24 } },
      virtualMfaDevices: { kind: 'ok', value: rows.filter((r) => r.mfaActive && !r.isRoot).map((r) => ({ serialNumber: arn('mfa', r.user), userArn: r.arn, enableDate: iso(20) })) },
      serverCertificates: rnd() < 0.1 ? { kind: 'unreadable', error: { code: 'AccessDenied', message: 'User is not authorized to perform: iam:ListServerCertificates', operation: 'iam:ListServerCertificates' } } : { kind: 'ok', value: [] },
    },
    s3: { buckets: { kind: 'ok', value: [{ name: `trail-${accountId}` }, { name: `config-${accountId}` }] } },
    s3control: { publicAccessBlock: { kind: 'ok', value: rnd() < 0.8 ? { configured: true, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } : { configured: false } } },
    account: { securityContact: { kind: 'ok', value: rnd() < 0.7 ? { type: 'SECURITY', name: 'Security Team', emailAddress: 'security@example.com', phoneNumber: '+1-555-0100' } : null } },
    regional,
    extra: {},
    apiCalls: { iam: 8, sts: 1, account: 1, ec2: regions.length },
  }
}

/**
 * A region's logging, detection and Session Manager slices, as the collectors store them: the first
 * region holds the account's multi-region trail with its CloudWatch Logs group, a CIS filter, alarm
 * and confirmed subscription; Config, GuardDuty and Security Hub are on in most regions; one or two
 * KMS keys; Session Manager preferences in most regions; the running instances mostly managed.
 */
function loggingAndDetection(region: string, accountId: string, index: number, home: boolean, instances: Instance[], rnd: () => number): RegionSlices {
  const ok = <T>(value: T) => ({ kind: 'ok' as const, value })
  const on = (p: number) => rnd() < p
  const logGroup = 'cloudtrail'
  const topic = `arn:aws:sns:${region}:${accountId}:security-alerts`
  const trail: Trail = {
    name: 'main',
    arn: `arn:aws:cloudtrail:${region}:${accountId}:trail/main`,
    accountId,
    homeRegion: region,
    isMultiRegion: true,
    isOrganizationTrail: false,
    logFileValidation: on(0.9),
    ...(on(0.7) ? { kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/trail-${index}` } : {}),
    s3BucketName: `trail-${accountId}`,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:${logGroup}:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/cloudtrail-to-logs`,
    status: ok({ isLogging: on(0.95), latestCloudWatchLogsDeliveryTime: new Date(Date.parse('2026-06-01T00:00:00Z') - 3_600_000).toISOString() }),
    selectors: ok({ basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }),
    bucketLogging: ok({ enabled: on(0.5) }),
  }
  const keys: KmsKey[] = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, k) => ({
    keyId: `key-${index}-${k}`,
    arn: `arn:aws:kms:${region}:${accountId}:key/key-${index}-${k}`,
    details: ok({ keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled' }),
    rotation: ok({ enabled: on(0.6) }),
  }))
  const managed: ManagedInstance[] = instances.filter(() => on(0.8)).map((i) => ({ instanceId: i.instanceId, pingStatus: 'Online', resourceType: 'EC2Instance', platformType: 'Linux' }))
  const prefs: SessionPreferences = on(0.7)
    ? { documentExists: true, cloudWatchLogGroupName: 'ssm-sessions', cloudWatchEncryptionEnabled: on(0.7), cloudWatchStreamingEnabled: true, runAsEnabled: on(0.5), runAsDefaultUser: 'ssm-operator', idleSessionTimeout: 20, maxSessionDuration: 120 }
    : { documentExists: false }
  return {
    'cloudtrail.trails': ok(home ? [trail] : []),
    'logs.metricFilters': ok(
      home ? [{ filterName: 'root-usage', logGroupName: logGroup, filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark' }] }] : [],
    ),
    'cloudwatch.alarms': ok(home ? [{ alarmName: 'root-usage', alarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:root-usage`, metricName: 'RootUsage', namespace: 'CISBenchmark', metrics: [], actionsEnabled: true, alarmActions: [topic] }] : []),
    'sns.subscriptions': ok(home ? [{ topicArn: topic, subscriptionArn: `${topic}:0b1c2d3e`, protocol: 'email', confirmed: on(0.8) }] : []),
    'config.recorders': ok(
      on(0.85)
        ? [{ name: 'default', allSupported: true, includeGlobalResourceTypes: home, resourceTypes: [], excludedResourceTypes: [], status: ok({ recording: true, lastStatus: 'SUCCESS' }) }]
        : [],
    ),
    'config.deliveryChannels': ok([{ name: 'default', s3BucketName: `config-${accountId}` }]),
    'config.aggregators': ok([]),
    'guardduty.detectors': ok(on(0.9) ? [{ detectorId: `d-${index}`, status: 'ENABLED' }] : []),
    'securityhub.hub': ok(on(0.8) ? { subscribed: true, hubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default` } : { subscribed: false }),
    'accessanalyzer.analyzers': ok(on(0.7) ? [{ arn: `arn:aws:access-analyzer:${region}:${accountId}:analyzer/external`, name: 'external', type: 'ACCOUNT', status: 'ACTIVE' }] : []),
    'kms.keys': ok(keys),
    'ssm.sessionPreferences': ok(prefs),
    'ssm.managedInstances': ok(managed),
  }
}

/** The header: run metadata and the organization slice that lists every account. */
export function makeHeader(options: Pick<LargeSnapshotOptions, 'accounts'>): SnapshotHeader {
  const ous: OrganizationalUnit[] = OU_NAMES.map((name, i) => ({ id: `ou-bn01-${pad(i, 8)}`, name, arn: `arn:aws:organizations::${MANAGEMENT_ID}:ou/${ORG_ID}/ou-bn01-${pad(i, 8)}`, parentId: ROOT_ID }))
  const accounts: OrgAccount[] = [
    { id: MANAGEMENT_ID, arn: `arn:aws:organizations::${MANAGEMENT_ID}:account/${ORG_ID}/${MANAGEMENT_ID}`, name: 'management', email: 'aws+management@example.com', status: 'ACTIVE', joinedMethod: 'CREATED', joinedAt: iso(2000), parentId: ROOT_ID, tags: { kind: 'ok', value: {} } },
  ]
  for (let i = 0; i < options.accounts; i++) {
    const id = accountIdOf(i)
    accounts.push({ id, arn: `arn:aws:organizations::${MANAGEMENT_ID}:account/${ORG_ID}/${id}`, name: `account-${i}`, email: `aws+${id}@example.com`, status: 'ACTIVE', joinedMethod: 'CREATED', joinedAt: iso(1000 - (i % 900)), parentId: ous[i % ous.length]!.id, tags: { kind: 'ok', value: { environment: i % 3 === 0 ? 'prod' : 'dev' } } })
  }
  const organization: OrganizationSlice = {
    organization: { kind: 'ok', value: { id: ORG_ID, arn: `arn:aws:organizations::${MANAGEMENT_ID}:organization/${ORG_ID}`, managementAccountId: MANAGEMENT_ID, featureSet: 'ALL' } },
    roots: { kind: 'ok', value: [{ id: ROOT_ID, name: 'Root', arn: `arn:aws:organizations::${MANAGEMENT_ID}:root/${ORG_ID}/${ROOT_ID}`, policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }] }] },
    organizationalUnits: { kind: 'ok', value: ous },
    accounts: { kind: 'ok', value: accounts },
    serviceControlPolicies: {
      kind: 'ok',
      value: [
        { id: 'p-FullAWSAccess', name: 'FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', awsManaged: true, content: { kind: 'ok', value: { kind: 'parsed', document: ADMIN_DOC } }, targets: { kind: 'ok', value: [{ targetId: ROOT_ID, type: 'ROOT', name: 'Root' }, ...ous.map((o) => ({ targetId: o.id, type: 'ORGANIZATIONAL_UNIT' as const, name: o.name }))] } },
        {
          id: 'p-denyleave01',
          name: 'deny-leave-and-root',
          arn: `arn:aws:organizations::${MANAGEMENT_ID}:policy/${ORG_ID}/service_control_policy/p-denyleave01`,
          awsManaged: false,
          content: { kind: 'ok', value: { kind: 'parsed', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }] } } },
          targets: { kind: 'ok', value: [{ targetId: ROOT_ID, type: 'ROOT', name: 'Root' }] },
        },
      ],
    },
    delegatedAdministrators: { kind: 'ok', value: [] },
    rejectedAccounts: [],
  }
  return {
    schemaVersion: 1,
    tool: { name: 'guardrail', version: 'bench' },
    partition: 'aws',
    caller: { arn: `arn:aws:iam::${MANAGEMENT_ID}:user/auditor`, accountId: MANAGEMENT_ID },
    startedAt: iso(0.1),
    finishedAt: iso(0),
    organization,
    apiCalls: { sts: 1, organizations: 20 + Math.ceil(options.accounts / 20) },
  }
}

/**
 * Streams a snapshot to `write`. `assemble`: the header object then `"accounts":[` with one account per
 * line, as src/orchestrate/assemble.ts writes it. `pretty`: byte for byte JSON.stringify(snapshot,
 * null, 2) with `apiCalls` after `accounts`, as `guardrail collect` writes it.
 */
export async function writeLargeSnapshot(options: LargeSnapshotOptions, write: (text: string) => Promise<void>): Promise<void> {
  const { apiCalls, ...before } = makeHeader(options)
  if (options.layout === 'assemble') {
    const head = JSON.stringify({ ...before, apiCalls })
    await write(`${head.slice(0, -1)},"accounts":[`)
    for (let i = 0; i < options.accounts; i++) await write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(makeAccount(i, options))}`)
    await write(`${options.accounts === 0 ? '' : '\n'}]}\n`)
    return
  }
  const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`)
  await write('{\n')
  for (const [key, value] of Object.entries(before)) await write(`  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')},\n`)
  if (options.accounts === 0) await write('  "accounts": [],\n')
  else {
    await write('  "accounts": [\n')
    for (let i = 0; i < options.accounts; i++) await write(`${i === 0 ? '' : ',\n'}    ${indent(JSON.stringify(makeAccount(i, options), null, 2), '    ')}`)
    await write('\n  ],\n')
  }
  await write(`  "apiCalls": ${indent(JSON.stringify(apiCalls, null, 2), '  ')}\n}`)
}

/** Writes the snapshot to a file with backpressure, so memory stays at one account whatever the size. */
export async function writeLargeSnapshotFile(file: string, options: LargeSnapshotOptions): Promise<{ bytes: number }> {
  const out = createWriteStream(file)
  let pending = ''
  const flush = async () => {
    if (!out.write(pending)) await once(out, 'drain')
    pending = ''
  }
  try {
    await writeLargeSnapshot(options, async (text) => {
      pending += text
      if (pending.length >= 1 << 20) await flush()
    })
    if (pending) await flush()
    out.end()
    await once(out, 'finish')
  } catch (err) {
    out.destroy()
    throw err
  }
  return { bytes: out.bytesWritten }
}

function parseArgs(argv: string[]): LargeSnapshotOptions & { out: string } {
  const value = (name: string, fallback?: string): string => {
    const i = argv.indexOf(`--${name}`)
    const v = i >= 0 ? argv[i + 1] : undefined
    if (v === undefined) {
      if (fallback === undefined) throw new Error(`--${name} is required`)
      return fallback
    }
    return v
  }
  const int = (name: string, fallback: string, min: number, max: number): number => {
    const n = Number(value(name, fallback))
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`)
    return n
  }
  const layout = value('layout', 'assemble')
  if (layout !== 'assemble' && layout !== 'pretty') throw new Error('--layout must be assemble or pretty')
  return {
    accounts: int('accounts', '100', 0, 100_000_000),
    users: int('users', '20', 0, 100_000),
    regions: int('regions', '2', 1, ALL_REGIONS.length),
    seed: int('seed', '1', 0, 2 ** 31),
    layout,
    out: value('out'),
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { out, ...options } = parseArgs(process.argv.slice(2))
  const started = performance.now()
  const { bytes } = await writeLargeSnapshotFile(out, options)
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(`${out}: ${options.accounts} accounts × ${options.users} users × ${options.regions} regions, ${(bytes / 2 ** 20).toFixed(1)} MiB (${bytes} bytes) in ${seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`)
}
