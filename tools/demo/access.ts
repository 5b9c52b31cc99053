// The demo organization's access paths, for `guardrail access`: the Identity account's Developers
// group may assume the Developer role in Prod Payments, whose policy starts Session Manager sessions
// only on instances tagged env=dev, as the OS user its SSMSessionRunAs tag names. Payments' us-east-1
// has one dev and one prod instance (IMDSv2 required, so the EC2 checks stay as they were).
import { AddUserToGroupCommand, CreateGroupCommand, CreateRoleCommand, IAMClient, PutGroupPolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'

interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}
interface Side {
  id: string
  credentials: Credentials
}

const REGION = 'us-east-1'
export const DEMO_DEVELOPERS_GROUP = 'Developers'
export const DEMO_DEVELOPER_ROLE = 'Developer'
/** Members of the Developers group in the Identity account. */
export const DEMO_DEVELOPERS = ['ivan.eng'] as const

export async function seedDemoAccess(endpoint: string, identity: Side, payments: Side): Promise<{ devInstance: string; prodInstance: string }> {
  const iam = new IAMClient({ endpoint, region: REGION, credentials: identity.credentials, maxAttempts: 1 })
  await iam.send(new CreateGroupCommand({ GroupName: DEMO_DEVELOPERS_GROUP }))
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: DEMO_DEVELOPERS_GROUP,
      PolicyName: 'assume-developer',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${DEMO_DEVELOPER_ROLE}` }] }),
    }),
  )
  for (const user of DEMO_DEVELOPERS) await iam.send(new AddUserToGroupCommand({ GroupName: DEMO_DEVELOPERS_GROUP, UserName: user }))

  const paymentsIam = new IAMClient({ endpoint, region: REGION, credentials: payments.credentials, maxAttempts: 1 })
  await paymentsIam.send(
    new CreateRoleCommand({
      RoleName: DEMO_DEVELOPER_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${identity.id}:root` }, Action: 'sts:AssumeRole' }] }),
      Tags: [{ Key: 'SSMSessionRunAs', Value: 'developer' }],
    }),
  )
  await paymentsIam.send(
    new PutRolePolicyCommand({
      RoleName: DEMO_DEVELOPER_ROLE,
      PolicyName: 'sessions-on-dev',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:StartSession', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'ssm:resourceTag/env': 'dev' } } }] }),
    }),
  )
  const ec2 = new EC2Client({ endpoint, region: REGION, credentials: payments.credentials, maxAttempts: 1 })
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!
  const launch = async (env: string) => {
    const out = await ec2.send(
      new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' }, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'env', Value: env }, { Key: 'Name', Value: `payments-${env}` }] }] }),
    )
    return out.Instances![0]!.InstanceId!
  }
  return { devInstance: await launch('dev'), prodInstance: await launch('prod') }
}
