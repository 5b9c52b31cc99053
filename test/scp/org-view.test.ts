// requireDenied / organizationOrError: the findings the SCP checks emit, read through a recording
// context (every finding's status, account, message, code and evidence).
import { describe, expect, it } from 'vitest'
import type { CheckContext, CheckInput, EmitOptions } from '../../src/checks/define.js'
import { organizationOrError, requireDenied, type RequireDeniedOptions } from '../../src/scp/org-view.js'
import { unreadable } from '../support/builders.js'
import { denyStatement, MANAGEMENT_ID, orgSnapshot, policyDocument, ROOT_ID, type OrgSpec } from '../support/org-builders.js'

interface Emitted {
  status: 'pass' | 'fail' | 'not_applicable' | 'error'
  account: string
  resource: string
  message?: string
  code?: string
  evidence?: Record<string, unknown>
}

function recorder() {
  const out: Emitted[] = []
  const make = (account: string): CheckContext<unknown> =>
    ({
      accountArn: `arn:aws:iam::${account}:root`,
      forAccount: (id: string) => make(id),
      pass: (resource: string, message?: string, o?: EmitOptions) => out.push({ status: 'pass', account, resource, message, evidence: o?.evidence as Record<string, unknown> }),
      fail: (resource: string, message: string, o?: EmitOptions) => out.push({ status: 'fail', account, resource, message, evidence: o?.evidence as Record<string, unknown> }),
      notApplicable: (resource: string, message: string) => out.push({ status: 'not_applicable', account, resource, message }),
      error: (resource: string, message: string, code: string) => out.push({ status: 'error', account, resource, message, code }),
    }) as unknown as CheckContext<unknown>
  return { ctx: make(MANAGEMENT_ID), out }
}

const HINT = 'Run `guardrail scan --org` from the management account (or a delegated administrator) so the organization view is collected.'
const PROD = '222222222222'
const TREE: OrgSpec = { ous: [{ id: 'ou-prod', name: 'Prod' }], accounts: [{ id: PROD, name: 'prod', parent: 'ou-prod' }] }
const ACTIONS = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']

function run(spec: OrgSpec, opts: Partial<RequireDeniedOptions> = {}) {
  const r = recorder()
  requireDenied({ snapshot: orgSnapshot({ ...TREE, ...spec }) }, r.ctx, { actions: ACTIONS, subject: 'CloudTrail', ...opts })
  return r.out.filter((f) => f.account !== MANAGEMENT_ID || f.status === 'error')
}

describe('organizationOrError', () => {
  it('no organization view: error NotCollected with the hint', () => {
    const r = recorder()
    const snapshot = { ...orgSnapshot(TREE), organization: undefined }
    expect(organizationOrError({ snapshot } as CheckInput, r.ctx)).toBeUndefined()
    expect(r.out).toEqual([{ status: 'error', account: MANAGEMENT_ID, resource: `arn:aws:iam::${MANAGEMENT_ID}:root`, message: `The organization view was not collected in this scan. ${HINT}`, code: 'NotCollected' }])
  })
  it('unreadable account list: error with the AWS code and the hint', () => {
    const r = recorder()
    const snapshot = orgSnapshot({ ...TREE, override: { accounts: unreadable({ code: 'AccessDenied', message: 'no', operation: 'organizations:ListAccounts' }) } })
    expect(organizationOrError({ snapshot }, r.ctx)).toBeUndefined()
    expect(r.out).toEqual([expect.objectContaining({ status: 'error', code: 'AccessDenied', message: `Could not read the account list: organizations:ListAccounts failed with AccessDenied: no. ${HINT}` })])
  })
})

describe('requireDenied', () => {
  it('pass: one sentence per action, no exemption suffix', () => {
    const out = run({ scps: [{ id: 'p-g', name: 'g', document: policyDocument(denyStatement(ACTIONS)), targets: [ROOT_ID] }] })
    expect(out).toEqual([
      expect.objectContaining({
        status: 'pass',
        account: PROD,
        message:
          'prod: cloudtrail:StopLogging is denied by SCP g (p-g) statement #0 at the root (r-ab12); cloudtrail:DeleteTrail is denied by SCP g (p-g) statement #0 at the root (r-ab12)',
      }),
    ])
  })
  it('pass with exemptions lists every exempt principal once', () => {
    const cond = { Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/A', 'arn:aws:iam::*:role/B'] } } }
    const out = run({ scps: [{ id: 'p-g', name: 'g', document: policyDocument(denyStatement(ACTIONS, cond)), targets: [ROOT_ID] }] })
    expect(out[0]!.status).toBe('pass')
    expect(out[0]!.message).toMatch(/ \(exempt principals: arn:aws:iam::\*:role\/A, arn:aws:iam::\*:role\/B\)$/)
  })
  it('fail: names every open action and keeps the verdicts as evidence', () => {
    const out = run({ withoutFullAwsAccess: ['ou-prod'], scps: [{ id: 'p-allow', name: 'allow-ec2', document: policyDocument({ Effect: 'Allow', Action: 'cloudtrail:DeleteTrail', Resource: '*' }), targets: ['ou-prod'] }] })
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({
      status: 'fail',
      message: 'prod: cloudtrail:DeleteTrail is allowed: no SCP denies it, and every level allows it (FullAWSAccess at the root (r-ab12), allow-ec2 at OU Prod (ou-prod), FullAWSAccess at the account prod (222222222222))',
      evidence: {
        ouPath: ['Root', 'Prod'],
        verdicts: [
          { action: 'cloudtrail:StopLogging', decision: 'implicitly-denied', level: 'ou:Prod (ou-prod)' },
          { action: 'cloudtrail:DeleteTrail', decision: 'allowed' },
        ],
      },
    })
  })
  it('fail with several open actions joins them', () => {
    const out = run({})
    expect(out[0]!.message).toBe(
      'prod: cloudtrail:StopLogging is allowed: no SCP denies it, and every level allows it (FullAWSAccess at the root (r-ab12), FullAWSAccess at OU Prod (ou-prod), FullAWSAccess at the account prod (222222222222)); ' +
        'cloudtrail:DeleteTrail is allowed: no SCP denies it, and every level allows it (FullAWSAccess at the root (r-ab12), FullAWSAccess at OU Prod (ou-prod), FullAWSAccess at the account prod (222222222222))',
    )
  })
  it('SCPs disabled: fail with the reason and the actions as evidence', () => {
    const out = run({ featureSet: 'CONSOLIDATED_BILLING' })
    const reason = 'the organization has only consolidated billing (feature set CONSOLIDATED_BILLING), so no SCP applies'
    expect(out).toEqual([expect.objectContaining({ status: 'fail', message: `CloudTrail is not protected in prod: ${reason}`, evidence: { actions: ACTIONS, reason } })])
  })
  it('the management account is not applicable, with the reason', () => {
    const r = recorder()
    requireDenied({ snapshot: orgSnapshot(TREE) }, r.ctx, { actions: ACTIONS, subject: 'CloudTrail' })
    expect(r.out).toContainEqual(expect.objectContaining({ status: 'not_applicable', account: MANAGEMENT_ID, message: 'management is the management account, which SCPs never restrict' }))
  })
  it('a chain that cannot be known: error naming the account and the cause', () => {
    const out = run({ scps: [{ id: 'p-x', name: 'x', targets: unreadable({ code: 'Throttling', message: 'slow', operation: 'organizations:ListTargetsForPolicy' }) }] })
    expect(out).toEqual([
      expect.objectContaining({ status: 'error', account: PROD, code: 'Throttling', message: 'Cannot evaluate the SCP chain of prod: targets of SCP x (p-x) could not be read: organizations:ListTargetsForPolicy failed: slow' }),
    ])
  })
})
