// The EC2 networking checks against the emulator, end to end through the account pipeline: seeded
// through the SDK as an administrator would, collected by the registry's collectors, evaluated.
// Covers: a port range 20–25 open to the world, RDP open to ::/0 in a network ACL, an IMDSv1
// instance beside an IMDSv2 one, the default security group as EC2 creates it, a VPC with a REJECT
// flow log beside one without.
import {
  CreateFlowLogsCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  RunInstancesCommand,
  AuthorizeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../../src/aws/call-counter.js'
import { createSession } from '../../../src/aws/session.js'
import { ALL_CHECKS } from '../../../src/checks/index.js'
import { ManagedPolicyCache } from '../../../src/collect/managed-policy-cache.js'
import { collectAccount } from '../../../src/collect/pipeline.js'
import { COLLECTORS } from '../../../src/collect/registry.js'
import { evaluateSnapshot } from '../../../src/engine/evaluate.js'
import { loadRules } from '../../../src/rules/load.js'
import { accountSnapshotSchema } from '../../../src/snapshot/schema.js'
import { snapshot } from '../../support/builders.js'
import { useEmulator } from '../../support/emulator.js'

const env = useEmulator()
const REGION = 'eu-west-1'
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }
const ACCOUNT = '123456789012'

describe('EC2 networking checks against the emulator', { timeout: 120_000 }, () => {
  it('give the verdicts the seeded region deserves', async () => {
    const ec2 = new EC2Client({ region: REGION, endpoint: env.endpoint, credentials, maxAttempts: 1 })
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!
    const bastion = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'bastion', Description: 'ssh range', VpcId: vpc }))).GroupId!
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: bastion, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 20, ToPort: 25, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))
    const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).NetworkAcls!
    const acl = acls[0]!.NetworkAclId!
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 50, Protocol: '6', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0', PortRange: { From: 3389, To: 3389 } }))
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
    const v1 = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } }))).Instances![0]!.InstanceId!
    const v2 = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } }))).Instances![0]!.InstanceId!
    // A flow log into an existing log group delivers; one into a group that does not exist is
    // created but its delivery FAILS (as on AWS), which must not count as logging.
    await new CloudWatchLogsClient({ region: REGION, endpoint: env.endpoint, credentials, maxAttempts: 1 }).send(new CreateLogGroupCommand({ logGroupName: 'vpc-flow' }))
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpc], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'vpc-flow', DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs` }))
    const broken = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!
    await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [broken], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'no-such-group', DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs` }))

    const session = createSession({ region: REGION, credentials, endpoint: env.endpoint, maxAttempts: 1, counter: new ApiCallCounter() })
    const account = await collectAccount({ accountId: ACCOUNT, session, partition: 'aws', regions: [REGION], cache: new ManagedPolicyCache(), collectors: COLLECTORS.filter((c) => c.service === 'ec2') })
    expect(accountSnapshotSchema.safeParse(JSON.parse(JSON.stringify(account))).success).toBe(true)

    const ec2Checks = new Set(['ec2.no-ssh-from-internet', 'ec2.nacl-no-admin-from-internet', 'ec2.default-sg-restricts-all', 'ec2.imdsv2-required', 'ec2.vpc-flow-logs'])
    const all = loadRules({ checks: ALL_CHECKS })
    const findings = evaluateSnapshot(snapshot({ ...account }), { ...all, rules: new Map([...all.rules].filter(([id]) => ec2Checks.has(id))) }, { now: new Date() })
    const verdict = (checkId: string, resourcePart: string) => findings.filter((f) => f.checkId === checkId && f.resource.endsWith(resourcePart)).map((f) => f.status)

    expect(verdict('ec2.no-ssh-from-internet', `security-group/${bastion}`)).toEqual(['fail'])
    expect(verdict('ec2.nacl-no-admin-from-internet', `network-acl/${acl}`)).toEqual(['fail'])
    expect(findings.find((f) => f.checkId === 'ec2.nacl-no-admin-from-internet' && f.resource.endsWith(acl))!.message).toContain('3389')
    expect(verdict('ec2.imdsv2-required', `instance/${v1}`)).toEqual(['fail'])
    expect(verdict('ec2.imdsv2-required', `instance/${v2}`)).toEqual(['pass'])
    expect(verdict('ec2.vpc-flow-logs', `vpc/${vpc}`)).toEqual(['pass'])
    expect(verdict('ec2.vpc-flow-logs', `vpc/${broken}`)).toEqual(['fail'])
    // The emulator's default VPC has no flow log, and its default groups keep EC2's default rules.
    expect(findings.filter((f) => f.checkId === 'ec2.vpc-flow-logs' && f.status === 'fail').length).toBeGreaterThan(0)
    const defaults = findings.filter((f) => f.checkId === 'ec2.default-sg-restricts-all')
    expect(defaults.length).toBeGreaterThan(0)
    expect(defaults.every((f) => f.status === 'fail')).toBe(true)
    // Nothing this region holds is left undecided.
    expect(findings.filter((f) => f.status === 'error')).toEqual([])
  })
})
