// The only client remediation code may change anything with: SSM, in one account and region, limited
// to the Automation and document operations `apply` and `install` make (AUTOMATION_ACTIONS, the same
// list the remediation role's policy grants). Everything a runbook changes, it changes inside AWS under
// the remediation role; guardrail itself cannot call UpdateTrail or DeleteUserPolicy, even by mistake.
import { SSMClient } from '@aws-sdk/client-ssm'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, InitializeMiddleware, MetadataBearer } from '@smithy/types'
import { AUTOMATION_ACTIONS } from '../aws/role-policies.js'
import { operationName } from '../aws/guard.js'
import { DEFAULT_MAX_ATTEMPTS } from '../aws/session.js'
import { GuardrailError, EXIT } from '../core/errors.js'

export class RemediationCallRefusedError extends GuardrailError {
  constructor(operation: string) {
    super('RemediationCallRefused', `Refused ssm:${operation}: remediation may only call the Automation and document operations.`, {
      hint: 'Changes are made by runbooks, inside AWS; add the operation to AUTOMATION_ACTIONS only if apply or install itself needs it.',
      exitCode: EXIT.internal,
    })
    this.name = 'RemediationCallRefusedError'
  }
}

const ALLOWED = new Set(AUTOMATION_ACTIONS.map((a) => a.slice('ssm:'.length)))
export const AUTOMATION_GUARD_NAME = 'guardrailAutomationGuard'

function automationGuard(): InitializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const operation = operationName(context)
    if (operation === undefined || !ALLOWED.has(operation)) throw new RemediationCallRefusedError(operation ?? '<unnamed operation>')
    return next(args)
  }
}

export function automationClient(options: { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider; maxAttempts?: number }): SSMClient {
  const client = new SSMClient({ region: options.region, credentials: options.credentials, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, retryMode: 'adaptive' })
  client.middlewareStack.add(automationGuard(), { step: 'initialize', name: AUTOMATION_GUARD_NAME, priority: 'high' })
  return client
}
