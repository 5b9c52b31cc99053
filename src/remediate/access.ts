// Getting into each target account to remediate: AssumeRole into the remediation role with the
// operator's credentials (the same path the organization scan takes into its audit role), falling back
// to the operator's own credentials only in the operator's own account. What comes back is a read-only
// session (for the re-check) whose credentials also build the guarded Automation client.
import { ApiCallCounter } from '../aws/call-counter.js'
import { createSession, resolveDefaultRegion, type AwsSession } from '../aws/session.js'
import { whoAmI } from '../collect/current-account.js'
import type { RemediationConfig } from '../config/schema.js'
import { enterAccount, type AccountSessionFactory } from '../orchestrate/audit-role.js'
import { ScanLimiters } from '../orchestrate/service-limits.js'
import type { AwsError } from '../snapshot/readable.js'

export interface RemediationAccess {
  callerArn: string
  callerAccountId: string
  partition: string
  /** A session in the account (one role session per account; clients pick their region). */
  enter(accountId: string): Promise<{ session: AwsSession } | { error: AwsError }>
}

export async function remediationAccess(settings: Pick<RemediationConfig, 'roleName' | 'sessionName'>, options: { profile?: string | undefined; region?: string | undefined; maxAttempts?: number | undefined }): Promise<RemediationAccess> {
  const region = options.region ?? (await resolveDefaultRegion(options.profile))
  const caller = createSession({ region, counter: new ApiCallCounter(), ...(options.profile !== undefined ? { profile: options.profile } : {}), ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}) })
  const identity = await whoAmI(caller)
  const factory: AccountSessionFactory = {
    caller,
    callerAccountId: identity.accountId,
    callerArn: identity.arn,
    partition: identity.partition,
    role: { name: settings.roleName, sessionName: settings.sessionName },
    limiters: new ScanLimiters(),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  }
  const sessions = new Map<string, Promise<{ session: AwsSession } | { error: AwsError }>>()
  return {
    callerArn: identity.arn,
    callerAccountId: identity.accountId,
    partition: identity.partition,
    enter(accountId) {
      let entered = sessions.get(accountId)
      if (!entered) sessions.set(accountId, (entered = enterAccount(factory, accountId, new ApiCallCounter())))
      return entered
    },
  }
}
