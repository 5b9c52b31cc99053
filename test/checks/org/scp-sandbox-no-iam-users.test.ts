import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/org/scp-sandbox-no-iam-users.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID, type OrgSpec } from '../../support/org-builders.js'
import { DEFAULT_ORG_SETTINGS } from '../../../src/rules/schema.js'

const SANDBOX_A = '333333333333'
const SANDBOX_NESTED = '444444444444'
const PROD = '222222222222'
const tree: OrgSpec = {
  ous: [
    { id: 'ou-sbx', name: 'Sandbox' },
    { id: 'ou-sbx-team', name: 'TeamA', parent: 'ou-sbx' },
    { id: 'ou-prod', name: 'Prod' },
  ],
  accounts: [
    { id: SANDBOX_A, parent: 'ou-sbx' },
    { id: SANDBOX_NESTED, parent: 'ou-sbx-team' },
    { id: PROD, parent: 'ou-prod' },
  ],
}
const withScp = (targets: string[], actions: string[]) => orgSnapshot({ ...tree, scps: [{ id: 'p-sbx', name: 'sandbox-no-users', document: policyDocument(denyStatement(actions)), targets }] })
const sandboxOus = (...ous: string[]) => ({ ...DEFAULT_ORG_SETTINGS, sandboxOus: ous })

checkCases(check, {
  pass: [
    {
      name: 'deny on the sandbox OU (configured by name) covers nested OUs; prod is not in scope',
      snapshot: withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']),
      settings: sandboxOus('Sandbox'),
      expect: [{ accountId: SANDBOX_A }, { accountId: SANDBOX_NESTED }],
    },
    { name: 'configured by OU id', snapshot: withScp(['ou-sbx'], ['iam:Create*']), settings: sandboxOus('ou-sbx') },
  ],
  fail: [
    { name: 'CreateAccessKey not denied', snapshot: withScp(['ou-sbx'], ['iam:CreateUser']), settings: sandboxOus('Sandbox'), expect: [{ accountId: SANDBOX_A, message: expect.stringContaining('iam:CreateAccessKey is allowed') }, { accountId: SANDBOX_NESTED }] },
    { name: 'deny attached to the nested OU only', snapshot: withScp(['ou-sbx-team'], ['iam:CreateUser', 'iam:CreateAccessKey']), settings: sandboxOus('Sandbox'), expect: [{ accountId: SANDBOX_A }] },
  ],
  not_applicable: [
    { name: 'no sandbox OUs configured', snapshot: withScp([], []), expect: [{ message: expect.stringContaining('organization.sandboxOus') }] },
    { name: 'configured sandbox OU holds no account', snapshot: orgSnapshot({ ous: [{ id: 'ou-empty', name: 'Empty' }] }), settings: sandboxOus('Empty') },
  ],
  error: [
    { name: 'configured sandbox OU does not exist (typo)', snapshot: withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']), settings: sandboxOus('Sandbx'), expect: [{ errorCode: 'UnknownSandboxOu', message: expect.stringContaining('"Sandbx"') }] },
    {
      name: 'OU tree unreadable',
      snapshot: orgSnapshot({ ...tree, override: { organizationalUnits: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListOrganizationalUnitsForParent' }) } }),
      settings: sandboxOus('Sandbox'),
      expect: [{ errorCode: 'AccessDeniedException' }],
    },
  ],
})


describe('org.scp-sandbox-no-iam-users findings', () => {
  const ofSandbox = (snap: Parameters<typeof runCheck>[1], ...ous: string[]) => runCheck(check, snap, undefined, undefined, sandboxOus(...ous))

  it('judges exactly the accounts under a configured OU, whether named by id or name', () => {
    const judged = (...ous: string[]) => ofSandbox(withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']), ...ous).filter((f) => f.status === 'pass' || f.status === 'fail').map((f) => f.accountId).sort()
    expect(judged('Sandbox')).toEqual([SANDBOX_A, SANDBOX_NESTED])
    expect(judged('ou-sbx-team')).toEqual([SANDBOX_NESTED])
    expect(judged('TeamA', 'ou-prod')).toEqual([PROD, SANDBOX_NESTED])
  })

  it('messages: nothing configured, an unknown OU, an unreadable tree', () => {
    expect(runCheck(check, withScp([], [])).map((f) => [f.status, f.message])).toEqual([
      ['not_applicable', 'No sandbox OUs are configured (organization.sandboxOus in guardrail.config.yaml), so no account is in scope'],
    ])
    const unknown = ofSandbox(withScp(['ou-sbx'], ['iam:CreateUser', 'iam:CreateAccessKey']), 'Sandbx', 'Sandbox').filter((f) => f.status === 'error')
    expect(unknown.map((f) => f.message)).toEqual(['Sandbox OU "Sandbx" (organization.sandboxOus) is neither the id nor the name of an OU in this organization'])
    const ousDenied = { code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListOrganizationalUnitsForParent' }
    expect(ofSandbox(orgSnapshot({ ...tree, override: { organizationalUnits: unreadable(ousDenied) } }), 'Sandbox').map((f) => [f.errorCode, f.message])).toEqual([
      ['AccessDeniedException', 'Cannot tell which accounts are in sandbox OUs: organizations:ListOrganizationalUnitsForParent failed with AccessDeniedException: denied'],
    ])
    const rootsDenied = { code: 'AccessDeniedException', message: 'no roots', operation: 'organizations:ListRoots' }
    expect(ofSandbox(orgSnapshot({ ...tree, override: { roots: unreadable(rootsDenied) } }), 'Sandbox').map((f) => [f.errorCode, f.message])).toEqual([
      ['AccessDeniedException', 'Cannot tell which accounts are in sandbox OUs: organizations:ListRoots failed with AccessDeniedException: no roots'],
    ])
  })
})

describe('org.scp-sandbox-no-iam-users: scope', () => {
  it('the organization root is not an OU: naming it is an unknown sandbox OU and puts no account in scope', () => {
    const findings = runCheck(check, withScp([ROOT_ID], ['iam:CreateUser', 'iam:CreateAccessKey']), undefined, undefined, sandboxOus(ROOT_ID))
    expect(findings.filter((f) => f.status === 'error').map((f) => f.errorCode)).toEqual(['UnknownSandboxOu'])
    expect(findings.filter((f) => f.status === 'pass' || f.status === 'fail')).toEqual([])
  })

  it('the account list unreadable: the AWS error, not a crash', () => {
    const findings = runCheck(check, orgSnapshot({ ...tree, override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccounts' }) } }), undefined, undefined, sandboxOus('Sandbox'))
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'AccessDeniedException']])
  })
})
