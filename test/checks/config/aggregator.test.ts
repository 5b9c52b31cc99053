// Table test for config.aggregator (organization scope; each case names the verdict it expects).
import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/config/aggregator.js'
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../../src/rules/schema.js'
import type { ConfigAggregator } from '../../../src/snapshot/detection.js'
import type { RegionSlices } from '../../../src/snapshot/schema.js'
import { accountSnapshot, denied, ok, unreadable } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { MANAGEMENT_ID, ORG_ID, orgSnapshot } from '../../support/org-builders.js'
import { OTHER_REGION, REGION, accountInRegions, aggregator, says } from '../../support/detection-fixtures.js'

const AUDIT = '555555555555'
const SECOND_AUDIT = '666666666666'
const WORKLOAD = '777777777777'
const orgArn = `arn:aws:organizations::${MANAGEMENT_ID}:organization/${ORG_ID}`
const settings = (auditAccounts: string[]): OrgSettings => ({ ...DEFAULT_ORG_SETTINGS, auditAccounts })

const aggregators = (value: ConfigAggregator[] | Readable<ConfigAggregator[]>): RegionSlices => ({ 'config.aggregators': Array.isArray(value) ? ok(value) : value })
const orgWide = (name = 'organization', accountId = AUDIT, region = REGION) => aggregator(name, accountId, region, { organizationSource: { allAwsRegions: true, awsRegions: [], roleArn: `arn:aws:iam::${accountId}:role/aggregator` } })
const someRegions = (regions: string[]) => aggregator('partial', AUDIT, REGION, { organizationSource: { allAwsRegions: false, awsRegions: regions } })

/** The management account, a workload account scanned in both regions, and the audit account with the given regions. */
function organization(audit: Record<string, RegionSlices>, extra = [accountSnapshot({ accountId: SECOND_AUDIT, regions: [] })]) {
  return orgSnapshot({
    accounts: [
      { id: AUDIT, name: 'audit' },
      { id: SECOND_AUDIT, name: 'security-tooling' },
      { id: WORKLOAD, name: 'workload' },
    ],
    accountSnapshots: [
      accountSnapshot({ accountId: MANAGEMENT_ID }),
      accountInRegions(audit, AUDIT),
      accountInRegions({ [REGION]: aggregators([]), [OTHER_REGION]: aggregators([]) }, WORKLOAD),
      ...extra,
    ],
  })
}

checkCases(check, {
  pass: [
    {
      name: 'an all-regions organization aggregator in the audit account',
      snapshot: organization({ [REGION]: aggregators([orgWide()]), [OTHER_REGION]: aggregators([]) }),
      settings: settings([AUDIT]),
      expect: [{ accountId: MANAGEMENT_ID, resource: orgArn, region: 'global', message: says(`Organization aggregator organization in audit account ${AUDIT} (${REGION}) covers all regions`) }],
    },
    {
      name: 'an organization aggregator naming every scanned region',
      snapshot: organization({ [REGION]: aggregators([someRegions([OTHER_REGION, REGION, 'ap-south-1'])]) }),
      settings: settings([AUDIT]),
      expect: [{ message: says('covers every scanned region') }],
    },
    {
      name: 'found in one audit account although a region of another could not be read',
      snapshot: organization({ [REGION]: aggregators([orgWide()]) }, [accountInRegions({ [REGION]: aggregators(denied('config:DescribeConfigurationAggregators') as Readable<ConfigAggregator[]>) }, SECOND_AUDIT)]),
      settings: settings([SECOND_AUDIT, AUDIT]),
    },
  ],
  fail: [
    { name: 'no audit account configured: the config key is named', snapshot: organization({ [REGION]: aggregators([orgWide()]) }), settings: settings([]), expect: [{ accountId: MANAGEMENT_ID, resource: orgArn, message: says('organization.auditAccounts') }] },
    { name: 'no aggregator at all', snapshot: organization({ [REGION]: aggregators([]), [OTHER_REGION]: aggregators([]) }), settings: settings([AUDIT]), expect: [{ resource: orgArn, message: `No organization-wide AWS Config aggregator in the audit account ${AUDIT}` }] },
    {
      name: 'an aggregator over named accounts only',
      snapshot: organization({ [REGION]: aggregators([aggregator('accounts', AUDIT, REGION, { accountIds: [WORKLOAD] })]) }),
      settings: settings([AUDIT]),
      expect: [{ message: says(`only aggregators over named accounts: accounts (${AUDIT} ${REGION})`) }],
    },
    {
      name: 'an organization aggregator that leaves out a scanned region',
      snapshot: organization({ [REGION]: aggregators([someRegions([REGION])]) }),
      settings: settings([AUDIT]),
      expect: [{ message: says(`partial (${AUDIT} ${REGION}) leaves out ${OTHER_REGION}`) }],
    },
    {
      name: 'an organization aggregator in an account that is not an audit account does not count',
      snapshot: organization({ [REGION]: aggregators([]) }, [accountInRegions({ [REGION]: aggregators([orgWide('elsewhere', SECOND_AUDIT)]) }, SECOND_AUDIT)]),
      settings: settings([AUDIT]),
      expect: [{ resource: orgArn }],
    },
  ],
  error: [
    {
      name: "the audit account's aggregators could not be read",
      snapshot: organization({ [REGION]: aggregators(denied('config:DescribeConfigurationAggregators') as Readable<ConfigAggregator[]>) }),
      settings: settings([AUDIT]),
      expect: [{ resource: orgArn, errorCode: 'AccessDenied' }],
    },
    { name: 'the audit account was not scanned', snapshot: organization({ [REGION]: aggregators([]) }), settings: settings(['888888888888']), expect: [{ errorCode: 'NotCollected', message: says('888888888888 was not scanned') }] },
    {
      name: 'the audit role could not be assumed in the audit account',
      snapshot: (() => {
        const s = organization({ [REGION]: aggregators([]) })
        s.accounts.find((a) => a.accountId === AUDIT)!.access = unreadable({ code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole', operation: 'sts:AssumeRole' })
        return s
      })(),
      settings: settings([AUDIT]),
      expect: [{ errorCode: 'AccessDenied' }],
    },
    { name: 'the organization view is unreadable', snapshot: orgSnapshot({ override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccounts' }) } }), settings: settings([AUDIT]), expect: [{ errorCode: 'AccessDeniedException' }] },
  ],
})

describe('config.aggregator evidence', () => {
  it('names the aggregator, its account and region, and the regions scanned', () => {
    const [finding] = runCheck(check, organization({ [REGION]: aggregators([orgWide()]), [OTHER_REGION]: aggregators([]) }), undefined, undefined, settings([AUDIT]))
    expect(finding!.evidence).toMatchObject({
      auditAccounts: [AUDIT],
      scannedRegions: [REGION, OTHER_REGION].sort(),
      organizationAggregators: [{ accountId: AUDIT, region: REGION, name: 'organization', allAwsRegions: true }],
    })
  })
})
