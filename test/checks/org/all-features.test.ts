import { expect } from 'vitest'
import check from '../../../src/checks/org/all-features.js'
import { checkCases } from '../../support/check-cases.js'
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
