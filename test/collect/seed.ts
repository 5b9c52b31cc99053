// Seeds IAM scenarios in moto through the AWS SDK (plain, unguarded clients: the test is the
// administrator here, the collector is the auditor).
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam'

export const ACCOUNT = '123456789012' // moto's default account
export const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

export const adminClient = (endpoint: string) => new IAMClient({ region: 'us-east-1', credentials, endpoint, maxAttempts: 1 })

export const allow = (action: string, resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] })

export const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess'
export const CHANGE_PASSWORD = 'arn:aws:iam::aws:policy/IAMUserChangePassword'

export interface UserSeed {
  name: string
  password?: boolean
  mfa?: boolean
  accessKey?: boolean
  path?: string
}

export async function seedUser(iam: IAMClient, u: UserSeed): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: u.name, ...(u.path ? { Path: u.path } : {}) }))
  if (u.password) await iam.send(new CreateLoginProfileCommand({ UserName: u.name, Password: 'Corr3ct-Horse-Battery!' }))
  if (u.accessKey) await iam.send(new CreateAccessKeyCommand({ UserName: u.name }))
  if (u.mfa) {
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${u.name}-mfa` }))
    await iam.send(new EnableMFADeviceCommand({ UserName: u.name, SerialNumber: VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }))
  }
}

/**
 * A small but complete account: users with and without passwords/MFA/keys, groups with inline and
 * attached policies, a role, a customer policy with two versions, AWS-managed policies attached
 * several times, an unassigned MFA device and a server certificate.
 */
export async function seedTypicalAccount(iam: IAMClient): Promise<void> {
  await seedUser(iam, { name: 'alice', password: true, mfa: true, accessKey: true })
  await seedUser(iam, { name: 'bob', password: true, path: '/ops/' })
  await seedUser(iam, { name: 'carol-ci', accessKey: true })

  await iam.send(new CreateGroupCommand({ GroupName: 'admins' }))
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'admins-inline', PolicyDocument: JSON.stringify(allow('iam:*')) }))
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMIN_ACCESS }))
  await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }))
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }))
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: CHANGE_PASSWORD }))
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }))

  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ADMIN_ACCESS }))
  // A literal '%' in a document: decoding must happen exactly once.
  await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'bob-s3', PolicyDocument: JSON.stringify(allow('s3:GetObject', 'arn:aws:s3:::reports/100%/*')) }))

  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: JSON.stringify(allow('ec2:Describe*')) }))
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn!, PolicyDocument: JSON.stringify(allow('ec2:*')), SetAsDefault: true }))
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol-ci', PolicyArn: Policy!.Arn! }))

  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ops',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
      Tags: [{ Key: 'team', Value: 'platform' }],
    }),
  )
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: ADMIN_ACCESS }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'ops', PolicyName: 'ops-inline', PolicyDocument: JSON.stringify(allow('logs:*')) }))

  await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'spare' }))
  await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'legacy-elb', CertificateBody: CERT_BODY, PrivateKey: 'not-a-real-key' }))
}

export async function setPasswordPolicy(iam: IAMClient): Promise<void> {
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
    }),
  )
}

// moto stores the body without parsing it; any PEM-shaped text will do.
const CERT_BODY = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExample\n-----END CERTIFICATE-----'
