// Getting into a member account: AssumeRole into the audit role, with the caller's own credentials as
// the fallback only in the caller's own account (where OrganizationAccountAccessRole, created in
// *member* accounts, usually does not exist).
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import type { ApiCallCounter } from '../aws/call-counter.js'
import { createSession, type AwsSession } from '../aws/session.js'
import { toAwsError } from '../collect/isolate.js'
import { WriteRefusedError } from '../core/errors.js'
import type { AwsError } from '../snapshot/schema.js'
import { limitSession, type ScanLimiters } from './service-limits.js'

export const DEFAULT_AUDIT_ROLE = 'OrganizationAccountAccessRole'
export const DEFAULT_SESSION_NAME = 'guardrail-audit'

export interface AuditRoleOptions {
  /** Role assumed in every member account; default OrganizationAccountAccessRole. */
  name?: string
  externalId?: string
  /** RoleSessionName, visible in the member accounts' CloudTrail; default guardrail-audit. */
  sessionName?: string
}

export interface AccountSessionFactory {
  /** The caller's session (management or delegated administrator account). */
  caller: AwsSession
  callerAccountId: string
  callerArn: string
  partition: string
  role: AuditRoleOptions
  limiters: ScanLimiters
  maxAttempts?: number
  endpoint?: string
}

function sessionFor(f: AccountSessionFactory, counter: ApiCallCounter, credentials: AwsSession['credentials'], roleArn?: string): AwsSession {
  return createSession({
    region: f.caller.region,
    credentials,
    counter,
    ...(roleArn !== undefined ? { roleArn } : {}),
    ...(f.maxAttempts !== undefined ? { maxAttempts: f.maxAttempts } : {}),
    ...(f.endpoint !== undefined ? { endpoint: f.endpoint } : {}),
  })
}

/**
 * A session inside `accountId`, or why there is none. Never throws for an AWS failure (only for
 * WriteRefusedError, a bug). The AssumeRole call is made with the caller's credentials but counted
 * for the account.
 */
export async function enterAccount(f: AccountSessionFactory, accountId: string, counter: ApiCallCounter): Promise<{ session: AwsSession } | { error: AwsError }> {
  const roleArn = `arn:${f.partition}:iam::${accountId}:role/${f.role.name ?? DEFAULT_AUDIT_ROLE}`
  const stsSession = limitSession(sessionFor(f, counter, f.caller.credentials), (service) => f.limiters.forScan(service))
  try {
    const out = await stsSession.client('sts').send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: f.role.sessionName ?? DEFAULT_SESSION_NAME,
        DurationSeconds: 3600,
        ...(f.role.externalId !== undefined ? { ExternalId: f.role.externalId } : {}),
      }),
    )
    const c = out.Credentials
    if (!c?.AccessKeyId || !c.SecretAccessKey) return { error: { code: 'MalformedResponse', message: 'AssumeRole returned no credentials', operation: 'sts:AssumeRole' } }
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) }
    return { session: sessionFor(f, counter, credentials, roleArn) }
  } catch (err) {
    if (err instanceof WriteRefusedError) throw err
    if (accountId === f.callerAccountId) return { session: sessionFor(f, counter, f.caller.credentials, f.callerArn) }
    return { error: toAwsError(err, 'sts:AssumeRole') }
  } finally {
    stsSession.close()
  }
}
