import { expect } from 'vitest'
import check from '../../../src/checks/iam/expired-certificates.js'
import { checkCases } from '../../support/check-cases.js'
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
