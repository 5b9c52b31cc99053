import { z } from 'zod'
import { defineCheck } from '../define.js'
import { describeAwsError } from '../../snapshot/readable.js'
import type { KmsKeyDetails } from '../../snapshot/detection.js'

const inScope = (d: KmsKeyDetails) => d.keyManager === 'CUSTOMER' && d.keySpec === 'SYMMETRIC_DEFAULT' && d.keyState === 'Enabled'

export default defineCheck({
  id: 'kms.key-rotation',
  title: 'Customer-managed KMS keys rotate automatically',
  description:
    'Every enabled customer-managed symmetric encryption key (KeySpec SYMMETRIC_DEFAULT) has automatic key rotation on. One finding per key. Keys whose material is imported or held in a custom key store cannot rotate automatically and are reported as not applicable (rotate them by hand); asymmetric, HMAC, disabled and pending-deletion keys are out of scope, and AWS-managed keys rotate by themselves. A key whose description or rotation status could not be read is an error for that key alone.',
  rationale:
    'Rotation limits how much data one key version protects and how long a leaked or broken version stays useful; KMS rotates without re-encrypting or breaking anything, so there is no reason to leave it off (CIS 3.6).',
  remediation:
    '`aws kms enable-key-rotation --key-id <key-id> --rotation-period-in-days 365` (any period from 90 to 2560 days).',
  scope: 'region',
  remediationId: 'kms-enable-key-rotation',
  requires: ['kms.keys'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const key of ctx.read('kms.keys')) {
      if (key.details.kind === 'unreadable') {
        ctx.error(key.arn, `Could not describe KMS key ${key.keyId}: ${describeAwsError(key.details.error)}`, key.details.error.code)
        continue
      }
      const d = key.details.value
      if (!inScope(d)) continue
      const evidence: Record<string, unknown> = { keyId: key.keyId, keySpec: d.keySpec, keyState: d.keyState, origin: d.origin ?? null, multiRegion: d.multiRegion ?? null }
      if ((d.origin ?? 'AWS_KMS') !== 'AWS_KMS') {
        ctx.notApplicable(key.arn, `KMS key ${key.keyId} has ${d.origin} key material, which cannot rotate automatically: rotate it by hand`, { evidence })
        continue
      }
      if (key.rotation === undefined) {
        ctx.error(key.arn, `The rotation status of KMS key ${key.keyId} was not collected`, 'NotCollected')
        continue
      }
      if (key.rotation.kind === 'unreadable') {
        ctx.error(key.arn, `Could not read the rotation status of KMS key ${key.keyId}: ${describeAwsError(key.rotation.error)}`, key.rotation.error.code)
        continue
      }
      const rotation = key.rotation.value
      evidence.rotationEnabled = rotation.enabled
      if (rotation.rotationPeriodInDays !== undefined) evidence.rotationPeriodInDays = rotation.rotationPeriodInDays
      if (rotation.enabled) ctx.pass(key.arn, `KMS key ${key.keyId} rotates automatically${rotation.rotationPeriodInDays ? ` every ${rotation.rotationPeriodInDays} days` : ''}`, { evidence })
      else ctx.fail(key.arn, `KMS key ${key.keyId} does not rotate automatically`, { evidence })
    }
  },
})
