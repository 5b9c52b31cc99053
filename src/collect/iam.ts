// The IAM slice of one account, in a fixed number of calls that does not grow with the number of
// users: GetAccountAuthorizationDetails pages, the credential report, the account summary, the
// password policy, virtual MFA devices and server certificates (each paginated at the largest page
// size), plus — once per scan, not per account — the AWS-managed policies in use.
// Each read is isolated: one that fails makes only its own slice unreadable.
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
  type PasswordPolicy as SdkPasswordPolicy,
} from '@aws-sdk/client-iam'
import { collectMarkerPages } from '../aws/paginate.js'
import type { AwsSession } from '../aws/session.js'
import type { IamSlice, PasswordPolicy, ServerCertificate, VirtualMfaDevice } from '../snapshot/schema.js'
import { readAuthorizationDetails } from './iam-authorization.js'
import { readCredentialReport, type CredentialReportPolling } from './iam-credential-report.js'
import { errorCode, isolatedRead } from './isolate.js'
import type { ManagedPolicyCache } from './managed-policy-cache.js'
import { optionalIsoDate, required } from './response.js'

export interface CollectIamOptions {
  credentialReport?: CredentialReportPolling
}

async function readAccountSummary(session: AwsSession): Promise<Record<string, number>> {
  const { SummaryMap } = await session.client('iam').send(new GetAccountSummaryCommand({}))
  const summary: Record<string, number> = {}
  for (const [k, v] of Object.entries(SummaryMap ?? {})) if (typeof v === 'number') summary[k] = v
  return summary
}

function toPasswordPolicy(p: SdkPasswordPolicy): PasswordPolicy {
  const out: PasswordPolicy = {}
  if (p.MinimumPasswordLength !== undefined) out.minimumPasswordLength = p.MinimumPasswordLength
  if (p.RequireSymbols !== undefined) out.requireSymbols = p.RequireSymbols
  if (p.RequireNumbers !== undefined) out.requireNumbers = p.RequireNumbers
  if (p.RequireUppercaseCharacters !== undefined) out.requireUppercaseCharacters = p.RequireUppercaseCharacters
  if (p.RequireLowercaseCharacters !== undefined) out.requireLowercaseCharacters = p.RequireLowercaseCharacters
  if (p.AllowUsersToChangePassword !== undefined) out.allowUsersToChangePassword = p.AllowUsersToChangePassword
  if (p.ExpirePasswords !== undefined) out.expirePasswords = p.ExpirePasswords
  if (p.MaxPasswordAge !== undefined) out.maxPasswordAge = p.MaxPasswordAge
  if (p.PasswordReusePrevention !== undefined) out.passwordReusePrevention = p.PasswordReusePrevention
  if (p.HardExpiry !== undefined) out.hardExpiry = p.HardExpiry
  return out
}

/** null when the account has no password policy: that is a finding for the checks, not a read error. */
async function readPasswordPolicy(session: AwsSession): Promise<PasswordPolicy | null> {
  try {
    const { PasswordPolicy } = await session.client('iam').send(new GetAccountPasswordPolicyCommand({}))
    return toPasswordPolicy(required(PasswordPolicy, 'PasswordPolicy', 'iam:GetAccountPasswordPolicy'))
  } catch (err) {
    if (errorCode(err) === 'NoSuchEntity' || errorCode(err) === 'NoSuchEntityException') return null
    throw err
  }
}

async function readVirtualMfaDevices(session: AwsSession): Promise<VirtualMfaDevice[]> {
  const iam = session.client('iam')
  const pages = await collectMarkerPages((Marker) =>
    iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', MaxItems: 1000, ...(Marker !== undefined ? { Marker } : {}) })),
  )
  // Only identifying facts are kept: the seed and QR code some endpoints return are secrets.
  return pages.flatMap((p) =>
    (p.VirtualMFADevices ?? []).map((d) => {
      const device: VirtualMfaDevice = { serialNumber: required(d.SerialNumber, 'SerialNumber of a virtual MFA device', 'iam:ListVirtualMFADevices') }
      if (d.User?.Arn) device.userArn = d.User.Arn
      const enabled = optionalIsoDate(d.EnableDate)
      if (enabled) device.enableDate = enabled
      return device
    }),
  )
}

async function readServerCertificates(session: AwsSession): Promise<ServerCertificate[]> {
  const iam = session.client('iam')
  const pages = await collectMarkerPages((Marker) =>
    iam.send(new ListServerCertificatesCommand({ MaxItems: 1000, ...(Marker !== undefined ? { Marker } : {}) })),
  )
  return pages.flatMap((p) =>
    (p.ServerCertificateMetadataList ?? []).map((c) => {
      const cert: ServerCertificate = {
        name: required(c.ServerCertificateName, 'ServerCertificateName', 'iam:ListServerCertificates'),
        arn: required(c.Arn, `Arn of server certificate ${c.ServerCertificateName}`, 'iam:ListServerCertificates'),
      }
      const expiration = optionalIsoDate(c.Expiration)
      if (expiration) cert.expiration = expiration
      const uploaded = optionalIsoDate(c.UploadDate)
      if (uploaded) cert.uploadDate = uploaded
      return cert
    }),
  )
}

export async function collectIam(session: AwsSession, cache: ManagedPolicyCache, options: CollectIamOptions = {}): Promise<IamSlice> {
  // Independent reads run concurrently; adaptive retry in the session absorbs throttling.
  const [authorizationDetails, credentialReport, accountSummary, passwordPolicy, virtualMfaDevices, serverCertificates] = await Promise.all([
    isolatedRead('iam:GetAccountAuthorizationDetails', () => readAuthorizationDetails(session, cache)),
    isolatedRead('iam:GetCredentialReport', () => readCredentialReport(session, options.credentialReport)),
    isolatedRead('iam:GetAccountSummary', () => readAccountSummary(session)),
    isolatedRead('iam:GetAccountPasswordPolicy', () => readPasswordPolicy(session)),
    isolatedRead('iam:ListVirtualMFADevices', () => readVirtualMfaDevices(session)),
    isolatedRead('iam:ListServerCertificates', () => readServerCertificates(session)),
  ])
  return { authorizationDetails, credentialReport, accountSummary, passwordPolicy, virtualMfaDevices, serverCertificates }
}
