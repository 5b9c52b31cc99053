import { z } from 'zod'
import { defineCheck } from '../define.js'
import { ROOT_MFA_UNKNOWN, rootMfaStatus } from '../lib/root-mfa.js'

/** A virtual MFA device is root's when it is assigned to this account's root ARN. */
const isRootArn = (arn: string | undefined, accountId: string) => arn !== undefined && /^arn:[^:]+:iam::(\d{12}):root$/.exec(arn)?.[1] === accountId

export default defineCheck({
  id: 'iam.root-hardware-mfa',
  title: 'The root user uses a hardware MFA device',
  description:
    "Passes when root MFA is active (credential report <root_account> row, or GetAccountSummary's AccountMFAEnabled when the row is missing) and no virtual MFA device (ListVirtualMFADevices) is assigned to the root ARN. Root without any MFA fails.",
  rationale:
    'A virtual MFA lives on a phone or laptop that is also used for e-mail and browsing and can be cloned or restored from backup; a dedicated hardware device kept in a safe cannot be copied remotely, which is what the most powerful credential in the account deserves.',
  remediation:
    'Buy a FIDO security key or hardware TOTP token. Sign in as root → Security credentials → Multi-factor authentication: Assign MFA device (choose "Passkey or security key" or "Hardware TOTP token"), then remove the virtual (authenticator app) device. Keep the device, and a second one as backup, in a safe with access logged.',
  scope: 'account',
  requires: ['iam.credentialReport', 'iam.accountSummary', 'iam.virtualMfaDevices'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const mfa = rootMfaStatus(ctx.read('iam.credentialReport'), ctx.read('iam.accountSummary'))
    if (!mfa.known) return ctx.error(ctx.accountArn, ROOT_MFA_UNKNOWN, 'RootRowMissing')
    const source = mfa.source
    if (!mfa.active) {
      ctx.fail(ctx.accountArn, 'The root user has no MFA device at all', { evidence: { mfaSource: source, mfaActive: false } })
      return
    }
    const virtualSerials = ctx
      .read('iam.virtualMfaDevices')
      .filter((d) => isRootArn(d.userArn, ctx.accountId))
      .map((d) => d.serialNumber)
    const evidence = { mfaSource: source, mfaActive: true, virtualMfaDevicesAssignedToRoot: virtualSerials }
    if (virtualSerials.length === 0) ctx.pass(ctx.accountArn, 'Root MFA is active and no virtual MFA device is assigned to root', { evidence })
    else ctx.fail(ctx.accountArn, `The root user's MFA is a virtual device (${virtualSerials.join(', ')}), not a hardware device`, { evidence })
  },
})
