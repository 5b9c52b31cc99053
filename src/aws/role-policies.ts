// The least-privilege IAM policies of guardrail's two roles, generated from the code's own registries
// so they cannot drift from what the code calls:
//   - the audit role: exactly the read operations of the collector registry (READ_OPERATIONS, the
//     same table the read-only guard enforces);
//   - the remediation role (assumed to start executions, and passed to them as AutomationAssumeRole):
//     the API calls of every runbook in the remediation catalogue, the Automation and document calls
//     `remediate apply` and `install` make, the reads its re-check makes, and iam:PassRole on itself.
// The committed copies in iam/ are compared with these by a test (npm run policies rewrites them).
import { REMEDIATIONS } from '../remediate/catalogue.js'
import { READ_OPERATIONS, type AwsService } from './read-operations.js'
import { USER_KEY_SOURCE_READS } from '../users/key-source-schema.js'

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string | string[]>> }[]
}

/** SDK service → IAM action prefix, where they differ. */
const IAM_PREFIX: Partial<Record<AwsService, string>> = { accessanalyzer: 'access-analyzer', s3control: 's3' }

/** SDK operation → IAM action, where the names differ. */
const IAM_ACTION: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3:ListObjectsV2': 's3:ListBucket',
}

/** Operations that need no permission (AWS allows them to every principal). */
const NO_PERMISSION = new Set(['sts:GetCallerIdentity'])

/** The IAM action for an SDK call: 'accessanalyzer' + 'ListAnalyzers' → 'access-analyzer:ListAnalyzers'. */
export function iamAction(service: AwsService, operation: string): string {
  const action = `${IAM_PREFIX[service] ?? service}:${operation}`
  return IAM_ACTION[action] ?? action
}

const sorted = (actions: Iterable<string>): string[] => [...new Set(actions)].sort()

function readActions(exclude: (service: AwsService) => boolean): string[] {
  return sorted(
    (Object.entries(READ_OPERATIONS) as [AwsService, readonly string[]][])
      .filter(([service]) => !exclude(service))
      .flatMap(([service, ops]) => ops.map((op) => iamAction(service, op)))
      .filter((a) => !NO_PERMISSION.has(a) && a !== 'sts:AssumeRole'),
  )
}

/** Where `guardrail users plan` reads public key files, when not from IAM (users.keySource). */
export interface KeySourceLocation {
  bucket: string
  prefix: string
}

/** The audit role in every account (and the scanning principal in the management account). */
export function auditRolePolicy(auditRoleName: string, keySource?: KeySourceLocation): PolicyDocument {
  const statements: PolicyDocument['Statement'] = [
    { Sid: 'GuardrailScanReadOnly', Effect: 'Allow', Action: readActions(() => false), Resource: '*' },
    // The scanning principal enters member accounts through the audit role; nothing else is assumed.
    { Sid: 'GuardrailAssumeAuditRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${auditRoleName}` },
  ]
  if (keySource) {
    // Only the identity account's role needs these; they read public key files under one prefix.
    statements.push(
      { Sid: 'GuardrailUserKeysList', Effect: 'Allow', Action: [iamAction('s3', USER_KEY_SOURCE_READS[0])], Resource: `arn:aws:s3:::${keySource.bucket}`, Condition: { StringLike: { 's3:prefix': `${keySource.prefix}*` } } },
      { Sid: 'GuardrailUserKeysRead', Effect: 'Allow', Action: [iamAction('s3', USER_KEY_SOURCE_READS[1])], Resource: `arn:aws:s3:::${keySource.bucket}/${keySource.prefix}*` },
    )
  }
  return { Version: '2012-10-17', Statement: statements }
}

/** Automation and document calls of `remediate apply`/`install` and `users apply` (which reads its Run Command results). */
export const AUTOMATION_ACTIONS = ['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution', 'ssm:DescribeAutomationExecutions', 'ssm:StopAutomationExecution', 'ssm:CreateDocument', 'ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion', 'ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:ListCommandInvocations', 'ssm:ListAssociations', 'ssm:CreateAssociation', 'ssm:UpdateAssociation'] as const

/** The remediation role in every target account. */
export function remediationRolePolicy(remediationRoleName: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GuardrailRunbookCalls', Effect: 'Allow', Action: sorted(REMEDIATIONS.flatMap((r) => r.apiCalls)), Resource: '*' },
      { Sid: 'GuardrailAutomation', Effect: 'Allow', Action: sorted(AUTOMATION_ACTIONS), Resource: '*' },
      // apply re-reads the state each action depends on before starting it (member-account reads only).
      { Sid: 'GuardrailRecheckReads', Effect: 'Allow', Action: readActions((s) => s === 'organizations' || s === 'sts'), Resource: '*' },
      {
        Sid: 'GuardrailPassRoleToAutomation',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: `arn:aws:iam::*:role/${remediationRoleName}`,
        Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
      },
    ],
  }
}

/** Who may assume the remediation role: the principal running guardrail, and SSM Automation (the role is its AutomationAssumeRole). */
export function remediationRoleTrust(principalArn: string): { Version: '2012-10-17'; Statement: object[] } {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GuardrailOperator', Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole' },
      { Sid: 'SsmAutomation', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  }
}

/**
 * A CloudFormation template (deploy it as a StackSet to every account) creating both roles, trusting
 * the account guardrail runs from. Generated from the same policies, so it never drifts either.
 */
export function rolesTemplate(): object {
  const ref = (name: string) => ({ Ref: name })
  // Role names become template parameters; every string naming one (or the partition) becomes Fn::Sub.
  const templated = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const text = value.replace(/^arn:aws:/, 'arn:${AWS::Partition}:').replace('__AUDIT_ROLE__', '${AuditRoleName}').replace('__REMEDIATION_ROLE__', '${RemediationRoleName}')
      return text.includes('${') ? { 'Fn::Sub': text } : text
    }
    if (Array.isArray(value)) return value.map(templated)
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templated(v)]))
    return value
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'guardrail: the audit role (read-only scan) and the remediation role (SSM Automation) in this account. Generated by `guardrail policy stackset`.',
    Parameters: {
      OperatorAccountId: { Type: 'String', AllowedPattern: '^\\d{12}$', Description: 'The account guardrail runs from (its principals may assume both roles)' },
      AuditRoleName: { Type: 'String', Default: 'GuardrailAudit' },
      RemediationRoleName: { Type: 'String', Default: 'GuardrailRemediation' },
    },
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: ref('AuditRoleName'),
          AssumeRolePolicyDocument: templated({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::${OperatorAccountId}:root' }, Action: 'sts:AssumeRole' }] }),
          Policies: [{ PolicyName: 'guardrail-scan', PolicyDocument: templated(auditRolePolicy('__AUDIT_ROLE__')) }],
        },
      },
      RemediationRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: ref('RemediationRoleName'),
          AssumeRolePolicyDocument: templated(remediationRoleTrust('arn:aws:iam::${OperatorAccountId}:root')),
          Policies: [{ PolicyName: 'guardrail-remediate', PolicyDocument: templated(remediationRolePolicy('__REMEDIATION_ROLE__')) }],
        },
      },
    },
  }
}
