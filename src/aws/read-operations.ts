// Every AWS operation the scan path may call, per service, as data. The read-only guard refuses
// anything not listed here, and the least-privilege policy for the audit role is generated from
// this table — so it names exact operations (no prefixes, no wildcards) and nothing the scan does
// not call.
export const READ_OPERATIONS = {
  iam: [
    'GetAccountAuthorizationDetails',
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
  sts: ['GetCallerIdentity', 'AssumeRole'],
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
  account: ['GetAlternateContact', 'ListRegions'],
  ec2: ['DescribeRegions', 'DescribeSecurityGroups'],
} as const satisfies Record<string, readonly string[]>

export type AwsService = keyof typeof READ_OPERATIONS
export type ReadOperation<S extends AwsService = AwsService> = (typeof READ_OPERATIONS)[S][number]

export const AWS_SERVICES = Object.keys(READ_OPERATIONS) as AwsService[]

const lookup: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(READ_OPERATIONS).map(([service, ops]) => [service, new Set<string>(ops)]),
)

/** Exact, case-sensitive match: 'iam' + 'GetPolicy' is a read, 'iam' + 'getpolicy' is not. */
export function isReadOperation(service: string, operation: string): boolean {
  return lookup.get(service)?.has(operation) ?? false
}
