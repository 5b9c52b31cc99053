// Which of the organization's accounts a scan covers: ACTIVE ones, narrowed by --accounts, --ous
// (an account is in an OU when the OU appears anywhere on its path, so nested OUs are included) and
// --exclude-accounts. Unknown ids and OUs are input errors: a typo must not silently scan nothing.
import { InputError } from '../core/errors.js'

export interface DiscoveredAccount {
  accountId: string
  name?: string
  status: string
  /** Root → parent OU, e.g. [{id:'r-ab12',name:'Root'},{id:'ou-…',name:'Workloads'}]. */
  ouPath: { id: string; name: string }[]
  tags: Record<string, string>
}

export interface AccountFilter {
  accounts?: readonly string[]
  /** OU ids (ou-…, r-…) or OU names. */
  ous?: readonly string[]
  excludeAccounts?: readonly string[]
}

export interface SelectedAccounts {
  selected: DiscoveredAccount[]
  /** Accounts present but not ACTIVE (SUSPENDED, PENDING_CLOSURE), reported, not scanned. */
  inactive: DiscoveredAccount[]
}

export function selectAccounts(all: readonly DiscoveredAccount[], filter: AccountFilter): SelectedAccounts {
  const known = new Set(all.map((a) => a.accountId))
  const unknownIds = [...(filter.accounts ?? []), ...(filter.excludeAccounts ?? [])].filter((id) => !known.has(id))
  if (unknownIds.length > 0) {
    throw new InputError(
      'UnknownAccount',
      `Account(s) ${unknownIds.join(', ')} named in --accounts/--exclude-accounts (or scan.accounts/scan.excludeAccounts) are not in the organization.`,
      'Check the ids against `aws organizations list-accounts`.',
    )
  }
  const ous = filter.ous ?? []
  const knownOus = new Set(all.flatMap((a) => a.ouPath.flatMap((o) => [o.id, o.name])))
  const unknownOus = ous.filter((o) => !knownOus.has(o))
  if (unknownOus.length > 0) {
    throw new InputError(
      'UnknownOu',
      `OU(s) ${unknownOus.join(', ')} named in --ous (or scan.ous) contain no account of the organization.`,
      'Give OU ids (ou-…) or exact OU names; `aws organizations list-organizational-units-for-parent` lists them.',
    )
  }
  const include = filter.accounts && filter.accounts.length > 0 ? new Set(filter.accounts) : undefined
  const exclude = new Set(filter.excludeAccounts ?? [])
  const byOu = new Set(ous)
  const selected: DiscoveredAccount[] = []
  const inactive: DiscoveredAccount[] = []
  for (const a of [...all].sort((x, y) => x.accountId.localeCompare(y.accountId))) {
    if (include && !include.has(a.accountId)) continue
    if (exclude.has(a.accountId)) continue
    if (byOu.size > 0 && !a.ouPath.some((o) => byOu.has(o.id) || byOu.has(o.name))) continue
    if (a.status !== 'ACTIVE') inactive.push(a)
    else selected.push(a)
  }
  return { selected, inactive }
}
