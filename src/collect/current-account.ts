// A scan of the account the caller's credentials belong to: who am I (STS GetCallerIdentity), then
// that one account. Used by `guardrail scan` without an organization.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { ApiCallCounter } from '../aws/call-counter.js'
import { classifyAwsFailure } from '../aws/failure-hints.js'
import { createSession, resolveDefaultRegion, type AwsSession } from '../aws/session.js'
import { EXIT, GuardrailError, WriteRefusedError } from '../core/errors.js'
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../snapshot/schema.js'
import { limitSession, ScanLimiters } from '../orchestrate/service-limits.js'
import { collectAccount } from './pipeline.js'
import type { CollectorDefinition } from './registry.js'
import { errorCode, errorMessage } from './isolate.js'
import { ManagedPolicyCache } from './managed-policy-cache.js'

export interface CollectCurrentAccountOptions {
  profile?: string
  /** Home region for the clients; default from AWS_REGION / the profile, else us-east-1. */
  region?: string
  /** Regions to scan; default: every region enabled in the account. */
  regions?: string[]
  maxAttempts?: number
  credentialReportDeadlineMs?: number
  /** The registry collectors to run (a scan narrowed to some checks); default: all. */
  collectors?: readonly CollectorDefinition[]
  toolVersion: string
}

export interface CallerIdentity {
  arn: string
  accountId: string
  /** 'aws', 'aws-cn', 'aws-us-gov', … taken from the caller's ARN. */
  partition: string
}

/** The partition of an ARN (arn:PARTITION:service:…). */
export function partitionOfArn(arn: string): string {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1]) throw new GuardrailError('MalformedResponse', `Not an ARN: ${arn}`, { exitCode: EXIT.internal })
  return parts[1]
}

export async function whoAmI(session: AwsSession): Promise<CallerIdentity> {
  let identity
  try {
    identity = await session.client('sts').send(new GetCallerIdentityCommand({}))
  } catch (err) {
    if (err instanceof WriteRefusedError) throw err
    // A closed port, a proxy's 502 and a missing profile each get their own message and hint; only
    // a genuine credentials problem is told to configure credentials.
    const failure = classifyAwsFailure(err, { service: 'sts', region: session.region, ...(session.profile !== undefined ? { profile: session.profile } : {}) })
    const known = failure.kind !== 'unknown'
    throw new GuardrailError(known ? failure.code : 'CallerUnidentified', known ? failure.message : `Could not identify the AWS caller (${errorCode(err)}): ${errorMessage(err)}`, {
      hint: failure.hint ?? 'sts:GetCallerIdentity failed unexpectedly; check the credentials and the endpoint, and re-run with --debug for details.',
      exitCode: EXIT.badInput,
      cause: err,
    })
  }
  if (!identity.Arn || !identity.Account) throw new GuardrailError('MalformedResponse', 'sts:GetCallerIdentity returned no Arn or Account.', { exitCode: EXIT.internal })
  return { arn: identity.Arn, accountId: identity.Account, partition: partitionOfArn(identity.Arn) }
}

export async function collectCurrentAccount(options: CollectCurrentAccountOptions): Promise<Snapshot> {
  const startedAt = new Date().toISOString()
  const region = options.region ?? (await resolveDefaultRegion(options.profile))
  const counter = new ApiCallCounter()
  const session = createSession({
    region,
    counter,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  })

  const caller = await whoAmI(session)
  const callerCalls = counter.copy()

  // The same pipeline and the same per-service caps as every account of an organization scan.
  const limited = limitSession(session, new ScanLimiters().forAccount(caller.accountId))
  let account
  try {
    account = await collectAccount({
      accountId: caller.accountId,
      session: limited,
      partition: caller.partition,
      ...(options.regions !== undefined ? { regions: options.regions } : {}),
      cache: new ManagedPolicyCache(),
      ...(options.collectors !== undefined ? { collectors: options.collectors } : {}),
      ...(options.credentialReportDeadlineMs !== undefined ? { options: { iam: { credentialReport: { deadlineMs: options.credentialReportDeadlineMs } } } } : {}),
    })
  } finally {
    limited.close()
  }
  // The caller's identity call is the scan's, not the account's.
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'guardrail', version: options.toolVersion },
    partition: caller.partition,
    caller: { arn: caller.arn, accountId: caller.accountId },
    startedAt,
    finishedAt: new Date().toISOString(),
    accounts: [account],
    apiCalls: callerCalls.byService(),
  }
}
