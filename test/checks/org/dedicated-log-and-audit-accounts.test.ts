import { expect } from 'vitest'
import check from '../../../src/checks/org/dedicated-log-and-audit-accounts.js'
import { checkCases } from '../../support/check-cases.js'
import { rootArn, unreadable } from '../../support/builders.js'
import { MANAGEMENT_ID, ORG_ID, orgSnapshot } from '../../support/org-builders.js'
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../../src/rules/schema.js'

const LOG = '444444444444'
const AUDIT = '555555555555'
const IDENTITY = '666666666666'
const org = orgSnapshot({
  ous: [{ id: 'ou-sec', name: 'Security' }],
  accounts: [
    { id: LOG, name: 'log-archive', parent: 'ou-sec' },
    { id: AUDIT, name: 'audit', parent: 'ou-sec' },
    { id: IDENTITY, name: 'identity' },
    { id: '777777777777', name: 'closed', status: 'SUSPENDED' },
  ],
})
const settings = (s: Partial<OrgSettings>): OrgSettings => ({ ...DEFAULT_ORG_SETTINGS, identityAccounts: [IDENTITY], ...s })
const orgArn = `arn:aws:organizations::${MANAGEMENT_ID}:organization/${ORG_ID}`

checkCases(check, {
  pass: [{ name: 'distinct, active log archive and audit accounts', snapshot: org, settings: settings({ logArchiveAccounts: [LOG], auditAccounts: [AUDIT] }), expect: [{ accountId: LOG, resource: rootArn(LOG) }, { accountId: AUDIT }] }],
  fail: [
    { name: 'nothing configured: fail with a hint', snapshot: org, settings: settings({}), expect: [{ resource: `${orgArn}/log-archive`, message: expect.stringContaining('organization.logArchiveAccounts') }, { resource: `${orgArn}/audit` }] },
    { name: 'one account plays both roles', snapshot: org, settings: settings({ logArchiveAccounts: [LOG], auditAccounts: [LOG] }), expect: [{ accountId: LOG, message: expect.stringContaining('both the log archive and the audit account') }] },
    { name: 'log archive is the management account', snapshot: org, settings: settings({ logArchiveAccounts: [MANAGEMENT_ID], auditAccounts: [AUDIT] }), expect: [{ accountId: MANAGEMENT_ID, message: expect.stringContaining('management account') }] },
    { name: 'audit account is the identity account', snapshot: org, settings: settings({ logArchiveAccounts: [LOG], auditAccounts: [IDENTITY] }), expect: [{ accountId: IDENTITY, message: expect.stringContaining('identity account') }] },
    { name: 'configured account not in the organization', snapshot: org, settings: settings({ logArchiveAccounts: ['888888888888'], auditAccounts: [AUDIT] }), expect: [{ accountId: '888888888888', message: expect.stringContaining('not in organization') }] },
    { name: 'configured account suspended', snapshot: org, settings: settings({ logArchiveAccounts: ['777777777777'], auditAccounts: [AUDIT] }), expect: [{ accountId: '777777777777', message: expect.stringContaining('SUSPENDED') }] },
  ],
  error: [{ name: 'account list unreadable', snapshot: orgSnapshot({ override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccountsForParent' }) } }), settings: settings({ logArchiveAccounts: [LOG], auditAccounts: [AUDIT] }), expect: [{ errorCode: 'AccessDeniedException' }] }],
})
