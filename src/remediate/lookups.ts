// What the plan needs from the snapshot: the unique ids of IAM users (the AWS IAM runbooks take the
// id, not the name). Read by streaming the accounts, so an organization's snapshot is never held whole.
import { streamSnapshotAccounts } from '../snapshot/stream-reader.js'
import type { PlanLookups } from './catalogue.js'

export async function snapshotLookups(file: string): Promise<PlanLookups> {
  const userIds = new Map<string, string>()
  for await (const account of streamSnapshotAccounts(file)) {
    const details = account.iam?.authorizationDetails
    if (details?.kind !== 'ok') continue
    for (const u of details.value.users) userIds.set(u.arn, u.id)
  }
  return { iamUserId: (arn) => userIds.get(arn) }
}

/** Without a snapshot nothing can be looked up: fixes that need it are listed as manual, saying so. */
export const NO_LOOKUPS: PlanLookups = { iamUserId: () => undefined }
