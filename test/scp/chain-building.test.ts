// How the SCP chain of an account is built from the Organization slice, for the cases evaluate.test.ts
// does not cover: every unreadable piece, incomplete trees, the root's policy-type status, unattached
// policies, levels without SCPs, and the messages that end up in error findings.
import { describe, expect, it } from 'vitest'
import { attachmentsByTarget, memberContext, scpChainOf } from '../../src/scp/chain.js'
import { evaluateScpChain } from '../../src/scp/evaluate.js'
import { organizationSlice, policyDocument, ROOT_ID, MANAGEMENT_ID, type OrgSpec } from '../support/org-builders.js'
import { ok, unreadable } from '../support/builders.js'

const MEMBER = '222222222222'
const TREE: OrgSpec = { ous: [{ id: 'ou-prod', name: 'Prod' }], accounts: [{ id: MEMBER, name: 'shop', parent: 'ou-prod' }] }
const err = (code: string, operation: string) => unreadable({ code, message: 'nope', operation })

describe('unreadable pieces make the chain unknown, saying which', () => {
  it.each([
    ['organization', 'the organization', 'organizations:DescribeOrganization'],
    ['roots', 'the organization roots', 'organizations:ListRoots'],
    ['organizationalUnits', 'the OU tree', 'organizations:ListOrganizationalUnitsForParent'],
    ['accounts', 'the account list', 'organizations:ListAccounts'],
    ['serviceControlPolicies', 'the SCP list', 'organizations:ListPolicies'],
  ] as const)('%s', (piece, what, operation) => {
    const slice = organizationSlice({ ...TREE, override: { [piece]: err('AccessDeniedException', operation) } })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'AccessDeniedException', message: `${what} could not be read: ${operation} failed with AccessDeniedException: nope` })
  })
})

describe('policy-level failures name the policy', () => {
  it('unreadable targets', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', name: 'guard', targets: err('Throttling', 'organizations:ListTargetsForPolicy') }] })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'Throttling', message: 'targets of SCP guard (p-x) could not be read: organizations:ListTargetsForPolicy failed: nope' })
  })
  it('unreadable content of an attached policy', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', name: 'guard', targets: [ROOT_ID], content: err('Throttling', 'organizations:DescribePolicy') }] })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'Throttling', message: 'content of SCP guard (p-x) could not be read: organizations:DescribePolicy failed: nope' })
  })
  it('unparseable content', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', name: 'guard', targets: [ROOT_ID], content: ok({ kind: 'unparseable', problem: 'not JSON', excerpt: '{' }) }] })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'ScpUnparseable', message: 'SCP guard (p-x) is not a readable policy document: not JSON' })
  })
  it('a document that is not a policy', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', name: 'guard', targets: [ROOT_ID], document: {} }] })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'ScpUnparseable', message: 'SCP guard (p-x) cannot be evaluated: the document has no Statement' })
  })
  it('a policy attached nowhere does not matter, even when its content is unreadable', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', targets: [], content: err('Throttling', 'organizations:DescribePolicy') }] })
    expect(scpChainOf(slice, MEMBER).kind).toBe('ok')
    expect(attachmentsByTarget(slice.serviceControlPolicies.kind === 'ok' ? slice.serviceControlPolicies.value : []).kind).toBe('ok')
  })
})

describe('tree and root', () => {
  it('an account not in the organization', () => {
    expect(scpChainOf(organizationSlice(TREE), '999999999999')).toEqual({ kind: 'unknown', code: 'AccountNotInOrganization', message: 'account 999999999999 is not in organization o-exampleorg1' })
  })
  it('an account whose parent OU is missing from the snapshot', () => {
    const slice = organizationSlice({ accounts: [{ id: MEMBER, parent: 'ou-gone' }] })
    expect(scpChainOf(slice, MEMBER)).toEqual({ kind: 'unknown', code: 'IncompleteOrganizationTree', message: `the OU path of account ${MEMBER} is incomplete in the snapshot` })
  })
  it.each([
    ['pending enable', [{ type: 'SERVICE_CONTROL_POLICY', status: 'PENDING_ENABLE' }]],
    ['another policy type only', [{ type: 'TAG_POLICY', status: 'ENABLED' }]],
  ])('SCPs not enabled on the root (%s): no SCP applies', (_name, policyTypes) => {
    const base = organizationSlice(TREE)
    const roots = base.roots.kind === 'ok' ? base.roots.value : []
    const slice = { ...base, roots: ok(roots.map((r) => ({ ...r, policyTypes }))) }
    expect(scpChainOf(slice, MEMBER)).toMatchObject({ kind: 'scps-disabled', reason: `the SERVICE_CONTROL_POLICY policy type is not enabled on root ${ROOT_ID}, so no SCP applies` })
  })
  it("the policy-type status is read from the account's own root", () => {
    const base = organizationSlice(TREE)
    const roots = base.roots.kind === 'ok' ? base.roots.value : []
    const other = { ...roots[0]!, id: 'r-other', policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }] }
    const slice = { ...base, roots: ok([other, ...roots.map((r) => ({ ...r, policyTypes: [] }))]) }
    expect(scpChainOf(slice, MEMBER).kind).toBe('scps-disabled')
  })
  it('consolidated billing names the feature set', () => {
    expect(scpChainOf(organizationSlice({ ...TREE, featureSet: 'CONSOLIDATED_BILLING' }), MEMBER)).toEqual({
      kind: 'scps-disabled',
      reason: 'the organization has only consolidated billing (feature set CONSOLIDATED_BILLING), so no SCP applies',
    })
  })
  it('the management account', () => {
    expect(scpChainOf(organizationSlice(TREE), MANAGEMENT_ID).kind).toBe('management')
  })
})

describe('levels without SCPs', () => {
  it.each([['ou-prod'], [MEMBER]])('%s with nothing attached has no policies and implicitly denies', (id) => {
    const chain = scpChainOf(organizationSlice({ ...TREE, withoutFullAwsAccess: [id], scps: [{ id: 'p-deny', document: policyDocument({ Effect: 'Deny', Action: 'x:Y', Resource: '*' }), targets: [] }] }), MEMBER)
    if (chain.kind !== 'ok') throw new Error(chain.kind)
    expect(chain.levels.find((l) => l.id === id)!.policies).toEqual([])
    expect(evaluateScpChain(chain.levels, { action: 'ec2:RunInstances' })).toMatchObject({ decision: 'implicitly-denied', level: { id } })
  })
})

describe('memberContext', () => {
  it('holds the account and organization, and the principal only when known', () => {
    expect(memberContext(MEMBER, 'o-1')).toStrictEqual({ 'aws:PrincipalAccount': MEMBER, 'aws:PrincipalOrgID': 'o-1' })
    expect(memberContext(MEMBER, 'o-1', 'arn:aws:iam::1:root')).toStrictEqual({ 'aws:PrincipalAccount': MEMBER, 'aws:PrincipalOrgID': 'o-1', 'aws:PrincipalArn': 'arn:aws:iam::1:root' })
  })
})
