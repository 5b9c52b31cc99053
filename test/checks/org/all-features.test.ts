import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/org/all-features.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { MANAGEMENT_ID, ORG_ID, orgSnapshot } from '../../support/org-builders.js'

const orgArn = `arn:aws:organizations::${MANAGEMENT_ID}:organization/${ORG_ID}`

checkCases(check, {
  pass: [{ name: 'feature set ALL', snapshot: orgSnapshot(), expect: [{ accountId: MANAGEMENT_ID, resource: orgArn, evidence: { organizationId: ORG_ID, featureSet: 'ALL' } }] }],
  fail: [{ name: 'consolidated billing only', snapshot: orgSnapshot({ featureSet: 'CONSOLIDATED_BILLING' }), expect: [{ accountId: MANAGEMENT_ID, resource: orgArn, message: expect.stringContaining('consolidated billing') }] }],
  error: [
    { name: 'not in an organization', snapshot: orgSnapshot({ override: { organization: unreadable({ code: 'AWSOrganizationsNotInUseException', message: 'not in use', operation: 'organizations:DescribeOrganization' }) } }), expect: [{ errorCode: 'AWSOrganizationsNotInUseException' }] },
  ],
})

describe('org.all-features findings', () => {
  it('messages name the organization and the feature set', () => {
    expect(runCheck(check, orgSnapshot()).map((f) => [f.status, f.message])).toEqual([['pass', `Organization ${ORG_ID} has all features enabled`]])
    expect(runCheck(check, orgSnapshot({ featureSet: 'CONSOLIDATED_BILLING' })).map((f) => [f.status, f.message, f.evidence])).toEqual([
      ['fail', `Organization ${ORG_ID} has only consolidated billing (feature set CONSOLIDATED_BILLING): SCPs cannot be used`, { organizationId: ORG_ID, featureSet: 'CONSOLIDATED_BILLING' }],
    ])
  })
})

describe('org.all-features with the account list unreadable', () => {
  it('reports the AWS error, not a crash, and no verdict', () => {
    const findings = runCheck(check, orgSnapshot({ override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccounts' }) } }))
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'AccessDeniedException']])
  })
})
