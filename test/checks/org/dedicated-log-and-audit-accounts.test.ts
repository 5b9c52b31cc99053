import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/org/dedicated-log-and-audit-accounts.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
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


describe('org.dedicated-log-and-audit-accounts findings', () => {
  const run = (s: Partial<OrgSettings>) => runCheck(check, org, undefined, undefined, settings(s)).map((f) => [f.accountId, f.resource, f.status, f.message, f.evidence])

  it('a dedicated account: message and evidence', () => {
    expect(run({ logArchiveAccounts: [LOG], auditAccounts: [AUDIT] })).toEqual([
      [LOG, rootArn(LOG), 'pass', `log-archive (${LOG}) is a dedicated log archive account`, { roles: ['log archive'], name: 'log-archive', status: 'ACTIVE', managementAccountId: MANAGEMENT_ID }],
      [AUDIT, rootArn(AUDIT), 'pass', `audit (${AUDIT}) is a dedicated audit account`, { roles: ['audit'], name: 'audit', status: 'ACTIVE', managementAccountId: MANAGEMENT_ID }],
    ])
  })

  it('every problem of an account is listed, with both roles named', () => {
    expect(run({ identityAccounts: [MANAGEMENT_ID], logArchiveAccounts: [MANAGEMENT_ID], auditAccounts: [MANAGEMENT_ID] })).toEqual([
      [
        MANAGEMENT_ID,
        rootArn(MANAGEMENT_ID),
        'fail',
        `The log archive and audit account ${MANAGEMENT_ID} is both the log archive and the audit account, is the management account, is also an identity account`,
        expect.objectContaining({ roles: ['log archive', 'audit'] }),
      ],
    ])
    expect(run({ logArchiveAccounts: ['888888888888'], auditAccounts: ['777777777777'] }).map((f) => [f[3], f[4]])).toEqual([
      ['The audit account 777777777777 is SUSPENDED', { roles: ['audit'], name: 'closed', status: 'SUSPENDED', managementAccountId: MANAGEMENT_ID }],
      [`The log archive account 888888888888 is not in organization ${ORG_ID}`, { roles: ['log archive'], name: undefined, status: 'absent', managementAccountId: MANAGEMENT_ID }],
    ])
  })

  it('only the missing role is reported as not configured', () => {
    const onlyLog = run({ logArchiveAccounts: [LOG] })
    expect(onlyLog.filter((f) => f[2] === 'fail').map((f) => [f[1], f[3]])).toEqual([[`${orgArn}/audit`, expect.stringMatching(/^No audit account is configured\. .*organization\.auditAccounts/)]])
    const onlyAudit = run({ auditAccounts: [AUDIT] })
    expect(onlyAudit.filter((f) => f[2] === 'fail').map((f) => [f[1], f[3]])).toEqual([[`${orgArn}/log-archive`, expect.stringMatching(/^No log archive account is configured\. /)]])
  })
})
