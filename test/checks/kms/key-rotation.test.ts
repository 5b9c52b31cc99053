// Table test for kms.key-rotation (each case names the verdict it expects).
import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/kms/key-rotation.js'
import type { KmsKey } from '../../../src/snapshot/detection.js'
import { denied, ok, unreadable } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { REGION, inRegion, keyArn, kmsKey } from '../../support/detection-fixtures.js'

const keys = (...k: KmsKey[]) => inRegion({ 'kms.keys': ok(k) })
const rotating = ok({ enabled: true, rotationPeriodInDays: 365 })
const notRotating = ok({ enabled: false })

checkCases(check, {
  pass: [
    { name: 'an enabled symmetric key that rotates', snapshot: keys(kmsKey('k-1', {}, rotating)), expect: [{ resource: keyArn('k-1'), region: REGION, message: 'KMS key k-1 rotates automatically every 365 days' }] },
    {
      name: 'keys out of scope give no finding beside a rotating one (asymmetric, HMAC, disabled, pending deletion)',
      snapshot: keys(kmsKey('k-2', {}, rotating), kmsKey('rsa', { keySpec: 'RSA_2048' }), kmsKey('hmac', { keySpec: 'HMAC_256' }), kmsKey('off', { keyState: 'Disabled' }), kmsKey('gone', { keyState: 'PendingDeletion' })),
      expect: [{ resource: keyArn('k-2') }],
    },
  ],
  fail: [
    { name: 'a key without rotation', snapshot: keys(kmsKey('k-3', {}, notRotating)), expect: [{ resource: keyArn('k-3'), message: 'KMS key k-3 does not rotate automatically' }] },
    {
      name: 'one finding per key: only the key without rotation fails',
      snapshot: keys(kmsKey('k-4', {}, rotating), kmsKey('k-5', { multiRegion: true }, notRotating)),
      expect: [{ resource: keyArn('k-5') }],
    },
  ],
  not_applicable: [
    { name: 'a region without customer-managed keys', snapshot: keys() },
    { name: 'only asymmetric keys', snapshot: keys(kmsKey('rsa', { keySpec: 'ECC_NIST_P256' })) },
    { name: 'imported key material cannot rotate automatically', snapshot: keys(kmsKey('imported', { origin: 'EXTERNAL' })), expect: [{ resource: keyArn('imported'), message: 'KMS key imported has EXTERNAL key material, which cannot rotate automatically: rotate it by hand' }] },
  ],
  error: [
    { name: 'ListKeys denied', snapshot: inRegion({ 'kms.keys': denied('kms:ListKeys') as Readable<KmsKey[]> }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'a rotation status that could not be read',
      snapshot: keys(kmsKey('k-7', {}, unreadable({ code: 'AccessDeniedException', message: 'key policy', operation: 'kms:GetKeyRotationStatus' }))),
      expect: [{ resource: keyArn('k-7'), errorCode: 'AccessDeniedException' }],
    },
    {
      name: 'a key that could not be described',
      snapshot: inRegion({ 'kms.keys': ok([{ keyId: 'k-8', arn: keyArn('k-8'), details: unreadable({ code: 'AccessDeniedException', message: 'key policy', operation: 'kms:DescribeKey' }) }]) }),
      expect: [{ resource: keyArn('k-8'), errorCode: 'AccessDeniedException' }],
    },
    { name: 'an in-scope key whose rotation was never read', snapshot: keys(kmsKey('k-9')), expect: [{ resource: keyArn('k-9'), errorCode: 'NotCollected' }] },
  ],
})

describe('kms.key-rotation: an unreadable rotation status', () => {
  it('is an error for that key only; the other keys keep their verdicts', () => {
    const denial = unreadable({ code: 'AccessDeniedException', message: 'key policy', operation: 'kms:GetKeyRotationStatus' })
    const findings = runCheck(check, keys(kmsKey('k-10', {}, rotating), kmsKey('k-11', {}, denial), kmsKey('k-12', {}, notRotating)))
    expect(findings.map((f) => [f.resource, f.status, f.errorCode ?? null])).toEqual([
      [keyArn('k-10'), 'pass', null],
      [keyArn('k-11'), 'error', 'AccessDeniedException'],
      [keyArn('k-12'), 'fail', null],
    ])
  })
})
