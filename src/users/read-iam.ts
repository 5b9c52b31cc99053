// The central IAM reads of a user sync, in the identity account, through a read-only session: the
// members of each configured group (GetGroup), then each member's SSH public keys (ListSSHPublicKeys,
// GetSSHPublicKey for the active ones). Calls grow with group members and keys, never with the number
// of servers: one sync reads IAM once for every instance of every account.
import { GetGroupCommand, GetSSHPublicKeyCommand, ListSSHPublicKeysCommand } from '@aws-sdk/client-iam'
import type { AwsSession } from '../aws/session.js'
import { collectMarkerPages } from '../aws/paginate.js'
import { InputError } from '../core/errors.js'
import { errorCode } from '../collect/isolate.js'
import type { IamMember, IamSshKey } from './desired-state.js'

export interface IamUsersView {
  members: Map<string, IamMember[]>
  keys: Map<string, IamSshKey[]>
}

/** keys: 'iam' reads each member's IAM SSH public keys; 'none' when the keys come from elsewhere (users.keySource). */
export async function readIamUsers(session: AwsSession, groups: readonly string[], keySource: 'iam' | 'none' = 'iam'): Promise<IamUsersView> {
  const iam = session.client('iam')
  const members = new Map<string, IamMember[]>()
  for (const group of [...new Set(groups)]) {
    try {
      const pages = await collectMarkerPages((Marker) => iam.send(new GetGroupCommand({ GroupName: group, MaxItems: 1000, ...(Marker ? { Marker } : {}) })))
      members.set(group, pages.flatMap((p) => (p.Users ?? []).map((u) => ({ userName: u.UserName!, userId: u.UserId! }))))
    } catch (err) {
      // A configured group that does not exist would otherwise read as "nobody": refuse instead.
      if (errorCode(err) === 'NoSuchEntity') throw new InputError('UnknownGroup', `IAM group ${group} (users.loginGroups / users.sudoGroups) does not exist in the identity account.`, 'Create it, or fix the name in guardrail.config.yaml. An empty group is fine; a missing one is refused so a typo never deletes every user.')
      throw err
    }
  }
  const keys = new Map<string, IamSshKey[]>()
  const users = new Set([...members.values()].flat().map((m) => m.userName))
  if (keySource === 'none') return { members, keys }
  for (const userName of users) {
    const pages = await collectMarkerPages((Marker) => iam.send(new ListSSHPublicKeysCommand({ UserName: userName, MaxItems: 1000, ...(Marker ? { Marker } : {}) })))
    const list: IamSshKey[] = []
    for (const k of pages.flatMap((p) => p.SSHPublicKeys ?? [])) {
      if (k.Status !== 'Active') {
        list.push({ id: k.SSHPublicKeyId!, status: 'Inactive', body: '' })
        continue
      }
      const got = await iam.send(new GetSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: k.SSHPublicKeyId!, Encoding: 'SSH' }))
      list.push({ id: k.SSHPublicKeyId!, status: 'Active', body: got.SSHPublicKey?.SSHPublicKeyBody ?? '' })
    }
    keys.set(userName, list)
  }
  return { members, keys }
}
