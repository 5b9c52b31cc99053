// Seeds the AWS emulator with a small demo organization, through the same AWS SDK the product uses:
// a management account with OUs, member accounts and SCPs, and IAM users with a realistic mix of
// violations and good practice in every account. Hostile strings sit wherever AWS accepts them
// (account and SCP names, policy descriptions) so every renderer is exercised against them.
//
// Used by scripts/demo.sh (through tools/demo/run.ts) and by the CLI end-to-end tests.
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateScpCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { seedDemoLogging } from './logging.js'
import { seedDemoAccess } from './access.js'

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  quotes: '"quotes"&<>',
  img: '<img src=x onerror=alert(1)>',
} as const

const REGION = 'us-east-1'
const DUMMY = { accessKeyId: 'testing', secretAccessKey: 'testing' }

interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface DemoAccount {
  id: string
  name: string
  ou: string
}

export interface DemoOrganization {
  managementAccountId: string
  organizationId: string
  rootId: string
  ous: Record<string, string>
  accounts: DemoAccount[]
  /** IAM users created, per account id. */
  users: Record<string, string[]>
  /** The instances of the access paths (tools/demo/access.ts), in Prod Payments us-east-1. */
  access: { devInstance: string; prodInstance: string }
}

const clientConfig = (endpoint: string, credentials: Credentials = DUMMY) => ({ endpoint, region: REGION, credentials, maxAttempts: 1 })

/** One IAM user as the demo wants it; every field is a deliberate good or bad practice. */
interface DemoUser {
  name: string
  console?: boolean
  mfa?: boolean
  /** Access keys to create; `false` entries are created then deactivated. */
  keys?: boolean[]
  groups?: string[]
  attach?: string[]
  inline?: boolean
  owner?: string
}

interface DemoAccountIam {
  passwordPolicy: 'missing' | 'weak' | 'strong'
  groups: { name: string; policies: string[] }[]
  users: DemoUser[]
}

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess'

async function seedIam(iam: IAMClient, spec: DemoAccountIam): Promise<string[]> {
  if (spec.passwordPolicy === 'strong') {
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 16,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        PasswordReusePrevention: 24,
        MaxPasswordAge: 90,
      }),
    )
  } else if (spec.passwordPolicy === 'weak') {
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireNumbers: true }))
  }

  // A customer-managed policy whose description carries hostile markup (IAM accepts it there).
  const policy = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'billing-read',
      Description: `Billing read access ${HOSTILE.quotes} ${HOSTILE.script}`,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['aws-portal:View*', 'ce:Get*'], Resource: '*' }] }),
    }),
  )
  const customerPolicyArn = policy.Policy!.Arn!

  for (const group of spec.groups) {
    await iam.send(new CreateGroupCommand({ GroupName: group.name }))
    for (const arn of group.policies) {
      await iam.send(new AttachGroupPolicyCommand({ GroupName: group.name, PolicyArn: arn === 'billing-read' ? customerPolicyArn : arn }))
    }
  }

  for (const user of spec.users) {
    await iam.send(
      new CreateUserCommand({ UserName: user.name, Tags: user.owner ? [{ Key: 'owner', Value: user.owner }] : [{ Key: 'team', Value: 'unknown' }] }),
    )
    if (user.console) await iam.send(new CreateLoginProfileCommand({ UserName: user.name, Password: 'Demo-Passw0rd!-not-real' }))
    if (user.mfa) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${user.name}-mfa` }))
      await iam.send(
        new EnableMFADeviceCommand({ UserName: user.name, SerialNumber: device.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
      )
    }
    for (const active of user.keys ?? []) {
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: user.name }))
      if (!active) await iam.send(new UpdateAccessKeyCommand({ UserName: user.name, AccessKeyId: key.AccessKey!.AccessKeyId!, Status: 'Inactive' }))
    }
    for (const group of user.groups ?? []) await iam.send(new AddUserToGroupCommand({ UserName: user.name, GroupName: group }))
    for (const arn of user.attach ?? []) await iam.send(new AttachUserPolicyCommand({ UserName: user.name, PolicyArn: arn }))
    if (user.inline) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user.name,
          PolicyName: 'temporary-s3-access',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
        }),
      )
    }
  }
  return spec.users.map((u) => u.name)
}

/** The management account: admins without MFA, a CI user with two keys and admin rights, no password policy. */
const MANAGEMENT_IAM: DemoAccountIam = {
  passwordPolicy: 'missing',
  groups: [
    { name: 'Admins', policies: [ADMIN] },
    { name: 'Billing', policies: ['billing-read'] },
  ],
  users: [
    { name: 'alice.admin', console: true, mfa: true, groups: ['Admins'], owner: 'platform-team' },
    { name: 'bob.finance', console: true, mfa: false, groups: ['Billing'], owner: 'finance' },
    { name: 'ci-deploy', keys: [true, true], attach: [ADMIN] },
    { name: 'legacy-backup', keys: [true], inline: true },
    { name: 'dana.auditor', console: true, mfa: true, keys: [false], groups: ['Billing'], attach: [READ_ONLY], owner: 'security' },
  ],
}

const MEMBER_IAM: Record<string, DemoAccountIam> = {
  // The one account where people have IAM users; everyone else enters other accounts by role.
  Identity: {
    passwordPolicy: 'strong',
    groups: [{ name: 'Engineers', policies: [READ_ONLY] }],
    users: [
      { name: 'ivan.eng', console: true, mfa: true, groups: ['Engineers'], owner: 'platform-team' },
      { name: 'judy.eng', console: true, mfa: false, groups: ['Engineers'], owner: 'platform-team' },
    ],
  },
  Audit: { passwordPolicy: 'strong', groups: [], users: [] },
  'Log Archive': {
    passwordPolicy: 'strong',
    groups: [{ name: 'LogReaders', policies: [READ_ONLY] }],
    users: [{ name: 'log-reader', console: true, mfa: true, groups: ['LogReaders'], owner: 'security' }],
  },
  'Prod Payments': {
    passwordPolicy: 'strong',
    groups: [
      { name: 'Operators', policies: [READ_ONLY] },
      { name: 'Admins', policies: [ADMIN] },
    ],
    users: [
      { name: 'erin.ops', console: true, mfa: true, groups: ['Operators'], owner: 'payments' },
      { name: 'frank.ops', console: true, mfa: false, groups: ['Admins'], owner: 'payments' },
      { name: 'payments-app', keys: [true], groups: ['Operators'], owner: 'payments' },
    ],
  },
  [`Sandbox ${HOSTILE.img}`]: {
    passwordPolicy: 'weak',
    groups: [],
    users: [
      { name: 'gina.dev', console: true, mfa: false, keys: [true, true], attach: [ADMIN] },
      { name: 'hackathon', keys: [true] },
    ],
  },
}

async function assumeOrganizationRole(endpoint: string, accountId: string): Promise<Credentials> {
  const sts = new STSClient(clientConfig(endpoint))
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'guardrail-demo-seed' }),
  )
  const c = out.Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
}

export async function seedDemoOrganization(endpoint: string): Promise<DemoOrganization> {
  const sts = new STSClient(clientConfig(endpoint))
  const managementAccountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!
  const org = new OrganizationsClient(clientConfig(endpoint))

  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }))

  const ous: Record<string, string> = {}
  const createOu = async (path: string, name: string, parentId: string) => {
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }))
    ous[path] = ou.OrganizationalUnit!.Id!
  }
  await createOu('Security', 'Security', rootId)
  await createOu('Workloads', 'Workloads', rootId)
  await createOu('Workloads/Prod', 'Prod', ous['Workloads']!)
  await createOu('Sandbox', 'Sandbox', rootId)

  const plan: { name: string; ou: string; email: string }[] = [
    { name: 'Identity', ou: 'Security', email: 'identity@example.com' },
    { name: 'Audit', ou: 'Security', email: 'audit@example.com' },
    { name: 'Log Archive', ou: 'Security', email: 'log-archive@example.com' },
    { name: 'Prod Payments', ou: 'Workloads/Prod', email: 'prod-payments@example.com' },
    { name: `Sandbox ${HOSTILE.img}`, ou: 'Sandbox', email: 'sandbox@example.com' },
  ]
  const accounts: DemoAccount[] = []
  for (const a of plan) {
    const status = await org.send(new CreateAccountCommand({ AccountName: a.name, Email: a.email }))
    const id = status.CreateAccountStatus!.AccountId!
    await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous[a.ou]! }))
    accounts.push({ id, name: a.name, ou: a.ou })
  }

  // SCPs: a guardrail at the root, a region fence on the sandbox OU (its name and description are hostile).
  const scp = async (name: string, description: string, statement: object[], targetId: string) => {
    const p = await org.send(
      new CreateScpCommand({ Name: name, Description: description, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: statement }) }),
    )
    await org.send(new AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: targetId }))
  }
  await scp(
    'deny-leave-organization',
    'Member accounts cannot leave the organization or disable CloudTrail',
    [{ Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' }],
    rootId,
  )
  await scp(
    `sandbox-region-fence ${HOSTILE.quotes}`,
    `Sandbox accounts stay in two regions ${HOSTILE.script}`,
    [
      {
        Effect: 'Deny',
        NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      },
    ],
    ous['Sandbox']!,
  )

  const users: Record<string, string[]> = {}
  users[managementAccountId] = await seedIam(new IAMClient(clientConfig(endpoint)), MANAGEMENT_IAM)
  for (const account of accounts) {
    const credentials = await assumeOrganizationRole(endpoint, account.id)
    users[account.id] = await seedIam(new IAMClient(clientConfig(endpoint, credentials)), MEMBER_IAM[account.name]!)
  }

  const payments = accounts.find((a) => a.name === 'Prod Payments')!
  await seedNetwork(endpoint, await assumeOrganizationRole(endpoint, payments.id), payments.id)
  const member = async (name: string) => {
    const account = accounts.find((a) => a.name === name)!
    return { id: account.id, credentials: await assumeOrganizationRole(endpoint, account.id) }
  }
  await seedDemoLogging({ endpoint, management: { id: managementAccountId, credentials: DUMMY }, audit: await member('Audit'), logArchive: await member('Log Archive'), payments: await member('Prod Payments') })
  const access = await seedDemoAccess(endpoint, await member('Identity'), await member('Prod Payments'))

  return { managementAccountId, organizationId: created.Organization!.Id!, rootId, ous, accounts, users, access }
}

/**
 * The payments account's eu-west-1 network, a realistic mix for the EC2 checks: a VPC whose flow
 * logs deliver to CloudWatch Logs beside default VPCs with none, a bastion group open to the world on
 * ports 20–25 (SSH inside the range), a network ACL letting RDP in from ::/0, an instance still
 * accepting IMDSv1 beside one that requires IMDSv2. The default groups keep EC2's default rules.
 */
async function seedNetwork(endpoint: string, credentials: Credentials, accountId: string): Promise<void> {
  const region = 'eu-west-1'
  const config = { ...clientConfig(endpoint, credentials), region }
  const ec2 = new EC2Client(config)
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!
  await new CloudWatchLogsClient(config).send(new CreateLogGroupCommand({ logGroupName: 'vpc-flow-logs' }))
  await ec2.send(
    new CreateFlowLogsCommand({ ResourceIds: [vpc], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'vpc-flow-logs', DeliverLogsPermissionArn: `arn:aws:iam::${accountId}:role/flow-logs` }),
  )
  const bastion = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'legacy-bastion', Description: 'FTP and SSH for the old batch host', VpcId: vpc }))).GroupId!
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: bastion, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 20, ToPort: 25, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))
  const acl = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).NetworkAcls![0]!.NetworkAclId!
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 50, Protocol: '6', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0', PortRange: { From: 3389, To: 3389 } }))
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
  for (const tokens of ['optional', 'required'] as const) {
    await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: tokens, HttpEndpoint: 'enabled' } }))
  }
}

// `tsx tools/demo/seed.ts <endpoint>` seeds a running emulator by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const endpoint = process.argv[2] ?? process.env.AWS_ENDPOINT_URL
  if (!endpoint) {
    console.error('usage: tsx tools/demo/seed.ts <emulator endpoint, e.g. http://127.0.0.1:5000>')
    process.exit(2)
  }
  console.log(JSON.stringify(await seedDemoOrganization(endpoint), null, 2))
}
