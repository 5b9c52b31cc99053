import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/expired-certificates.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, daysAgo, denied, NOW, ok, rootArn, serverCertificate } from '../../support/builders.js'

checkCases(check, {
  pass: [{ name: 'certificate valid for 30 more days', snapshot: account({ serverCertificates: ok([serverCertificate('www', 30)]) }), expect: [{ resource: serverCertificate('www', 30).arn, evidence: { expiration: daysAgo(-30), evaluatedAt: NOW.toISOString() } }] }],
  fail: [
    {
      name: 'one expired yesterday; valid one passes',
      snapshot: account({ serverCertificates: ok([serverCertificate('old', -1), serverCertificate('www', 200)]) }),
      expect: [{ resource: serverCertificate('old', -1).arn, message: expect.stringContaining('expired') }],
    },
    {
      name: 'valid today, expired at a later evaluation time',
      snapshot: account({ serverCertificates: ok([serverCertificate('www', 10)]) }),
      now: new Date(NOW.getTime() + 11 * 86_400_000),
      expect: [{ resource: serverCertificate('www', 10).arn }],
    },
  ],
  not_applicable: [{ name: 'no server certificates', snapshot: account({ serverCertificates: ok([]) }), expect: [{ resource: rootArn() }] }],
  error: [
    { name: 'certificate list unreadable', snapshot: account({ serverCertificates: denied('iam:ListServerCertificates') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'certificate without expiration', snapshot: account({ serverCertificates: ok([serverCertificate('odd', undefined)]) }), expect: [{ resource: serverCertificate('odd', undefined).arn, errorCode: 'ExpirationUnknown' }] },
  ],
})

describe('iam.expired-certificates findings', () => {
  it('messages give the expiration; a certificate expiring exactly now is still valid', () => {
    const exact = { ...serverCertificate('edge', 0), expiration: NOW.toISOString() }
    const findings = runCheck(check, account({ serverCertificates: ok([serverCertificate('old', -1), exact, { ...serverCertificate('odd', undefined), expiration: 'soon' }, serverCertificate('gone', undefined)]) }))
    expect(findings.map((f) => [f.resource, f.status, f.message]).sort()).toEqual(
      [
        [serverCertificate('old', -1).arn, 'fail', `Server certificate old expired on ${daysAgo(1)}`],
        [exact.arn, 'pass', `Server certificate edge is valid until ${NOW.toISOString()}`],
        [serverCertificate('odd', undefined).arn, 'error', 'Server certificate odd has no readable expiration date (soon)'],
        [serverCertificate('gone', undefined).arn, 'error', 'Server certificate gone has no readable expiration date (absent)'],
      ].sort(),
    )
  })

  it('no certificates: not_applicable says so', () => {
    expect(runCheck(check, account({ serverCertificates: ok([]) }))[0]!.message).toBe('The account stores no IAM server certificates')
  })
})

describe('iam.expired-certificates: evidence of a fail', () => {
  it('gives the expiration and the evaluation time', () => {
    expect(runCheck(check, account({ serverCertificates: ok([serverCertificate('old', -1)]) }))[0]!.evidence).toEqual({ expiration: daysAgo(1), evaluatedAt: NOW.toISOString() })
  })
})
