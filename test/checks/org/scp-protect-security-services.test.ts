import { expect } from 'vitest'
import check, { SECURITY_SERVICE_DISABLING_ACTIONS } from '../../../src/checks/org/scp-protect-security-services.js'
import { checkCases } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID } from '../../support/org-builders.js'

const MEMBER = '222222222222'
const withDeny = (actions: string | string[]) => orgSnapshot({ accounts: [{ id: MEMBER }], scps: [{ id: 'p-sec', name: 'protect-security', document: policyDocument(denyStatement(actions)), targets: [ROOT_ID] }] })

checkCases(check, {
  pass: [
    { name: 'every listed action denied by name', snapshot: withDeny(SECURITY_SERVICE_DISABLING_ACTIONS) },
    { name: 'service wildcards', snapshot: withDeny(['guardduty:*', 'securityhub:*', 'access-analyzer:*']) },
  ],
  fail: [
    { name: 'Access Analyzer left out', snapshot: withDeny(['guardduty:*', 'securityhub:*']), expect: [{ accountId: MEMBER, message: expect.stringContaining('access-analyzer:DeleteAnalyzer is allowed') }] },
    {
      name: 'a narrower action list from the options passes what the default fails',
      snapshot: withDeny(['guardduty:DeleteDetector']),
      options: { actions: ['guardduty:DeleteDetector', 'securityhub:DisableSecurityHub'] },
      expect: [{ accountId: MEMBER, message: expect.not.stringContaining('guardduty:DeleteDetector') }],
    },
  ],
  not_applicable: [{ name: 'management account only', snapshot: orgSnapshot() }],
  error: [{ name: 'OU tree unreadable', snapshot: orgSnapshot({ accounts: [{ id: MEMBER }], override: { organizationalUnits: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListOrganizationalUnitsForParent' }) } }), expect: [{ accountId: MEMBER, errorCode: 'AccessDeniedException' }] }],
})
