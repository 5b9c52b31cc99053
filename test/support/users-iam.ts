// The identity side of the user-sync end-to-end tests: the remediation role, the two SSH groups,
// alice (login, one key) and bob (sudo).
import { AddUserToGroupCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, type IAMClient, UploadSSHPublicKeyCommand } from '@aws-sdk/client-iam'
import { publicKey } from './ssh-keys.js'

export async function seedSyncIdentity(iam: IAMClient): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: 'GuardrailRemediation', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }))
  for (const g of ['SshMembers', 'SshAdministrators']) await iam.send(new CreateGroupCommand({ GroupName: g }))
  for (const [user, group] of [['alice', 'SshMembers'], ['bob', 'SshAdministrators']] as const) {
    await iam.send(new CreateUserCommand({ UserName: user }))
    await iam.send(new AddUserToGroupCommand({ UserName: user, GroupName: group }))
  }
  await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'alice', SSHPublicKeyBody: publicKey('ssh-ed25519', 7) }))
}
