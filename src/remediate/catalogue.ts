// Every automatic fix guardrail can plan, as data: the check it fixes, the SSM Automation runbook it
// runs (AWS-managed where AWS has one, guardrail's own in runbooks/ where it has none), the runbook's
// parameters for one failing finding, what it changes, what could break, and the API calls the runbook
// makes (the remediation role's least-privilege policy and the emulator's Automation double are made
// from those). Checks name their remediation by id (CheckDefinition.remediationId); a meta-test keeps
// both sides in step.
//
// Parameters are strong on purpose: an AWS-managed runbook's defaults are often weaker than the check
// (SetIAMPasswordPolicy defaults to 8 characters), so every value the check cares about is passed.
import type { Arn } from './arn.js'
import { arnResourceName, parseArn } from './arn.js'

/** SSM Automation parameters: every value is a list of strings. */
export type RunbookParameters = Record<string, string[]>

export interface RemediationSettings {
  /** Role in each target account that Automation runs as (AutomationAssumeRole). */
  automationRoleName: string
  /** Region where fixes of global resources (IAM, the account) run. */
  homeRegion: string
  /** cloudtrail.kms: the KMS key new trail encryption uses (its key policy must let CloudTrail use it). */
  cloudTrailKmsKeyArn?: string | undefined
  /** org.security-contact: the contact set on accounts that have none. */
  securityContact?: { name: string; title: string; emailAddress: string; phoneNumber: string } | undefined
  passwordPolicy: { minimumLength: number; reusePrevention: number }
}

/** What a remediation needs to know about the finding it fixes. */
export interface FindingTarget {
  findingId: string
  checkId: string
  accountId: string
  region: string
  resource: string
  evidence?: Record<string, unknown> | undefined
}

export interface PlanLookups {
  /** An IAM user's unique id (AIDA…) by its ARN, from the snapshot; the IAM runbooks take the id. */
  iamUserId(arn: string): string | undefined
}

/**
 * Where the execution runs and with which parameters (and, for a remediation with several runbooks,
 * which one: one of its `runbooks`); or why this finding cannot be fixed automatically.
 */
export type PlannedParameters = { accountId: string; region: string; parameters: RunbookParameters; runbook?: string } | { unplannable: string }

export interface Remediation {
  id: string
  checkId: string
  /** The runbook; for a remediation with several (`runbooks`), the first of them. */
  runbook: string
  /**
   * When the finding decides which runbook fixes it (one per kind of change, so each execution does
   * the one thing its plan action says): every runbook plan() may name, all of the same owner.
   * Absent: always `runbook`.
   */
  runbooks?: readonly string[]
  owner: 'aws' | 'guardrail'
  /** What the runbook changes, in a sentence the reviewer reads. */
  effect: string
  /** What could break. */
  risk: string
  /** Deletes or disables credentials, permissions or access: planned only with --include-destructive. */
  destructive: boolean
  /** The API calls the runbook makes, as IAM actions ('iam:UpdateAccountPasswordPolicy'). */
  apiCalls: readonly string[]
  plan(target: FindingTarget, settings: RemediationSettings, lookups: PlanLookups): PlannedParameters
}

const yes = ['true']

/** The finding's resource ARN, or why the runbook cannot target it. */
function arnOf(target: FindingTarget, kind: string): Arn | string {
  const arn = parseArn(target.resource)
  return arn ?? `the finding's resource is not ${kind} ARN (${target.resource})`
}

/** Global (IAM, account-level) fixes run in the account, in the home region. */
function inAccount(target: FindingTarget, settings: RemediationSettings, parameters: RunbookParameters): PlannedParameters {
  return { accountId: target.accountId, region: target.region === 'global' ? settings.homeRegion : target.region, parameters }
}

function iamUser(target: FindingTarget, lookups: PlanLookups): { id: string; name: string } | string {
  const arn = arnOf(target, 'an IAM user')
  if (typeof arn === 'string') return arn
  const id = lookups.iamUserId(target.resource)
  if (id === undefined) return `the snapshot does not hold IAM user ${target.resource} (plan with the snapshot the findings were evaluated from: --snapshot)`
  return { id, name: arnResourceName(arn) }
}

/** Regional resources are fixed where they live: the ARN's account and region (an organization trail lives in the management account). */
function whereArnLives(target: FindingTarget, kind: string, parameters: (arn: Arn) => RunbookParameters): PlannedParameters {
  const arn = arnOf(target, kind)
  if (typeof arn === 'string') return { unplannable: arn }
  if (arn.accountId === '' || arn.region === '') return { unplannable: `${target.resource} names no account or region to run the fix in` }
  return { accountId: arn.accountId, region: arn.region, parameters: parameters(arn) }
}

export const REMEDIATIONS: readonly Remediation[] = [
  {
    id: 'iam-set-password-policy',
    checkId: 'iam.password-policy',
    runbook: 'AWSConfigRemediation-SetIAMPasswordPolicy',
    owner: 'aws',
    effect: 'Sets the account password policy: minimum length, reuse prevention, upper case, lower case, numbers and symbols required; users may change their own password.',
    risk: 'Existing passwords keep working; a user whose password breaks the new rules must choose a compliant one at the next change. Scripts that set weak passwords (user provisioning) start failing.',
    destructive: false,
    apiCalls: ['iam:UpdateAccountPasswordPolicy', 'iam:GetAccountPasswordPolicy'],
    plan: (target, settings) =>
      inAccount(target, settings, {
        MinimumPasswordLength: [String(settings.passwordPolicy.minimumLength)],
        PasswordReusePrevention: [String(settings.passwordPolicy.reusePrevention)],
        RequireUppercaseCharacters: yes,
        RequireLowercaseCharacters: yes,
        RequireNumbers: yes,
        RequireSymbols: yes,
        AllowUsersToChangePassword: yes,
        HardExpiry: ['false'],
      }),
  },
  {
    id: 'iam-revoke-unused-credentials',
    checkId: 'iam.credentials-unused',
    runbook: 'AWSConfigRemediation-RevokeUnusedIAMUserCredentials',
    owner: 'aws',
    effect: 'Deactivates the user\'s access keys and deletes its console password where they were not used within the limit.',
    risk: 'Anything still using the key (a forgotten cron job, a CI secret) starts failing with InvalidClientTokenId; the person loses console sign-in until a new password is set.',
    destructive: true,
    apiCalls: ['iam:GetUser', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'iam:UpdateAccessKey', 'iam:GetLoginProfile', 'iam:DeleteLoginProfile', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'config:ListDiscoveredResources'],
    plan(target, settings, lookups) {
      const user = iamUser(target, lookups)
      if (typeof user === 'string') return { unplannable: user }
      return inAccount(target, settings, { IAMResourceId: [user.id], MaxCredentialUsageAge: ['45'] })
    },
  },
  {
    id: 'iam-remove-user-policies',
    checkId: 'iam.user-policies-via-groups',
    runbook: 'AWSConfigRemediation-RemoveUserPolicies',
    owner: 'aws',
    effect: 'Detaches every managed policy from the user and deletes its inline policies, so it gets permissions only through its groups.',
    risk: 'The user loses every permission its groups do not also grant; put it in the right group first, or it may lose access it needs.',
    destructive: true,
    apiCalls: ['iam:ListUserPolicies', 'iam:DeleteUserPolicy', 'iam:ListAttachedUserPolicies', 'iam:DetachUserPolicy', 'config:ListDiscoveredResources'],
    plan(target, settings, lookups) {
      const user = iamUser(target, lookups)
      if (typeof user === 'string') return { unplannable: user }
      return inAccount(target, settings, { IAMUserID: [user.id], PolicyType: ['All'] })
    },
  },
  {
    id: 'cloudtrail-enable-log-file-validation',
    checkId: 'cloudtrail.log-validation',
    runbook: 'AWSConfigRemediation-EnableCloudTrailLogFileValidation',
    owner: 'aws',
    effect: 'Turns on log file integrity validation on the trail (CloudTrail delivers a signed digest every hour).',
    risk: 'None to workloads; the digest files add a little S3 storage.',
    destructive: false,
    apiCalls: ['cloudtrail:UpdateTrail', 'cloudtrail:GetTrail'],
    plan: (target) => whereArnLives(target, 'a CloudTrail trail', (arn) => ({ TrailName: [arnResourceName(arn)] })),
  },
  {
    id: 'cloudtrail-enable-kms-encryption',
    checkId: 'cloudtrail.kms',
    runbook: 'AWSConfigRemediation-EnableCloudTrailEncryptionWithKMS',
    owner: 'aws',
    effect: 'Encrypts the trail\'s log files with the configured KMS key (SSE-KMS).',
    risk: 'Readers of the logs (SIEM, Athena, auditors) need kms:Decrypt on the key, or they can no longer read new files. A key policy that does not let CloudTrail use the key makes UpdateTrail fail.',
    destructive: false,
    apiCalls: ['cloudtrail:UpdateTrail', 'cloudtrail:DescribeTrails'],
    plan(target, settings) {
      if (settings.cloudTrailKmsKeyArn === undefined) return { unplannable: 'no KMS key is configured for trail encryption (remediation.cloudTrailKmsKeyArn in guardrail.config.yaml)' }
      const key = settings.cloudTrailKmsKeyArn
      return whereArnLives(target, 'a CloudTrail trail', (arn) => ({ TrailName: [arnResourceName(arn)], KMSKeyId: [key] }))
    },
  },
  {
    id: 'guardduty-create-detector',
    checkId: 'guardduty.enabled',
    runbook: 'AWSConfigRemediation-CreateGuardDutyDetector',
    owner: 'aws',
    effect: 'Creates and enables a GuardDuty detector in the region.',
    risk: 'GuardDuty is billed by the volume of events it analyses (30-day free trial). Findings start arriving; nothing in the workload changes.',
    destructive: false,
    apiCalls: ['guardduty:CreateDetector', 'guardduty:GetDetector', 'guardduty:ListDetectors'],
    plan(target, settings) {
      const detectors = target.evidence?.detectors
      if (Array.isArray(detectors) && detectors.length > 0) return { unplannable: 'a suspended detector exists: re-enable it (`aws guardduty update-detector --detector-id <id> --enable`) rather than creating a second one' }
      return inAccount(target, settings, {})
    },
  },
  {
    id: 'securityhub-enable',
    checkId: 'securityhub.enabled',
    runbook: 'AWSConfigRemediation-EnableSecurityHub',
    owner: 'aws',
    effect: 'Subscribes the account to Security Hub in the region, with the default standards.',
    risk: 'Security Hub is billed per check and finding ingested; its default standards turn on AWS Config rules that need a Config recorder.',
    destructive: false,
    apiCalls: ['securityhub:EnableSecurityHub', 'securityhub:DescribeHub'],
    plan: (target, settings) => inAccount(target, settings, { EnableDefaultStandards: yes }),
  },
  {
    id: 'access-analyzer-enable',
    checkId: 'iam.access-analyzer',
    runbook: 'Guardrail-EnableAccessAnalyzer',
    owner: 'guardrail',
    effect: 'Creates an account-level IAM Access Analyzer analyzer named guardrail-account in the region.',
    risk: 'None to workloads; external-access findings start appearing (external access analysis is free).',
    destructive: false,
    apiCalls: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer', 'iam:CreateServiceLinkedRole'],
    plan: (target, settings) => inAccount(target, settings, { AnalyzerName: ['guardrail-account'] }),
  },
  {
    id: 'kms-enable-key-rotation',
    checkId: 'kms.key-rotation',
    runbook: 'AWSConfigRemediation-EnableKeyRotation',
    owner: 'aws',
    effect: 'Turns on automatic yearly rotation of the customer managed key.',
    risk: 'None: old key material stays available for decryption; each rotation adds the cost of one key version.',
    destructive: false,
    apiCalls: ['kms:EnableKeyRotation', 'kms:GetKeyRotationStatus'],
    plan: (target) => whereArnLives(target, 'a KMS key', (arn) => ({ KeyId: [arnResourceName(arn)] })),
  },
  {
    id: 's3-account-public-access-block',
    checkId: 's3.account-public-access-block',
    runbook: 'AWSConfigRemediation-ConfigureS3PublicAccessBlock',
    owner: 'aws',
    effect: 'Turns on all four account-level S3 Block Public Access settings.',
    risk: 'Buckets meant to be public (static websites served straight from S3) stop being reachable; serve them through CloudFront instead.',
    destructive: false,
    apiCalls: ['s3:PutAccountPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
    plan: (target, settings) =>
      inAccount(target, settings, { AccountId: [target.accountId], BlockPublicAcls: yes, IgnorePublicAcls: yes, BlockPublicPolicy: yes, RestrictPublicBuckets: yes }),
  },
  {
    id: 'ec2-require-imdsv2',
    checkId: 'ec2.imdsv2-required',
    runbook: 'AWSConfigRemediation-EnforceEC2InstanceIMDSv2',
    owner: 'aws',
    effect: 'Requires session tokens (IMDSv2) on the instance\'s metadata service.',
    risk: 'Software on the instance that still reads metadata with IMDSv1 (old SDKs and agents) gets 401 errors and may lose its credentials.',
    destructive: false,
    apiCalls: ['ec2:ModifyInstanceMetadataOptions', 'ec2:DescribeInstances'],
    plan: (target) => whereArnLives(target, 'an EC2 instance', (arn) => ({ InstanceId: [arnResourceName(arn)] })),
  },
  {
    id: 'ec2-remove-open-admin-ingress',
    checkId: 'ec2.no-ssh-from-internet',
    runbook: 'AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules',
    owner: 'aws',
    effect: 'Removes the security group\'s inbound rules that allow any source (0.0.0.0/0, ::/0).',
    risk: 'Everything that reached the instances from the internet through these rules is cut off, including the people using SSH/RDP: give them Session Manager first.',
    destructive: true,
    apiCalls: ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress'],
    plan: (target) => whereArnLives(target, 'a security group', (arn) => ({ SecurityGroupId: [arnResourceName(arn)] })),
  },
  {
    id: 'ec2-empty-default-security-group',
    checkId: 'ec2.default-sg-restricts-all',
    runbook: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    owner: 'aws',
    effect: 'Removes every inbound and outbound rule of the VPC\'s default security group.',
    risk: 'Instances and interfaces still using the default group lose all traffic through it.',
    destructive: true,
    apiCalls: ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
    plan: (target) => whereArnLives(target, 'a security group', (arn) => ({ GroupId: [arnResourceName(arn)] })),
  },
  {
    id: 'account-set-security-contact',
    checkId: 'org.security-contact',
    runbook: 'Guardrail-SetSecurityAlternateContact',
    owner: 'guardrail',
    effect: 'Sets the account\'s SECURITY alternate contact to the configured team contact.',
    risk: 'None to workloads; AWS sends security notices for the account to this contact.',
    destructive: false,
    apiCalls: ['account:PutAlternateContact', 'account:GetAlternateContact'],
    plan(target, settings) {
      const contact = settings.securityContact
      if (contact === undefined) return { unplannable: 'no security contact is configured (remediation.securityContact in guardrail.config.yaml)' }
      return inAccount(target, settings, { Name: [contact.name], Title: [contact.title], EmailAddress: [contact.emailAddress], PhoneNumber: [contact.phoneNumber] })
    },
  },
  {
    id: 'iam-apply-access-review',
    checkId: 'iam.access-reviewed',
    runbook: 'Guardrail-RemoveUserFromGroup',
    runbooks: ['Guardrail-RemoveUserFromGroup', 'Guardrail-DisableConsoleAccess', 'Guardrail-DeactivateAccessKeys'],
    owner: 'guardrail',
    effect:
      'Carries out one revoke decision of the access review for one IAM user: removes it from the IAM group the review named (Guardrail-RemoveUserFromGroup), deletes its console password (Guardrail-DisableConsoleAccess), or sets each of its active access keys to Inactive (Guardrail-DeactivateAccessKeys; the keys are not deleted).',
    risk: 'The user loses what the group grants, console sign-in, or every API call signed with its access keys, at once; anything it still needs through them stops working (a deactivated key can be reactivated). Only what the reviewer recorded is revoked (decisions file, entry named in the finding evidence).',
    destructive: true,
    apiCalls: ['iam:RemoveUserFromGroup', 'iam:DeleteLoginProfile', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
    plan(target, settings) {
      // One finding per revoke action (resource <user ARN>#<action>): the action picks the runbook.
      const hash = target.resource.indexOf('#')
      const userArn = hash < 0 ? target.resource : target.resource.slice(0, hash)
      const action = hash < 0 ? '' : target.resource.slice(hash + 1)
      const arn = parseArn(userArn)
      if (!arn || !arn.resource.startsWith('user/')) return { unplannable: `the finding's resource does not name an IAM user (${target.resource})` }
      const userName = arnResourceName(arn)
      if (action.startsWith('remove-from-group:')) {
        return { ...inAccount(target, settings, { UserName: [userName], GroupName: [action.slice('remove-from-group:'.length)] }), runbook: 'Guardrail-RemoveUserFromGroup' }
      }
      if (action === 'disable-console') return { ...inAccount(target, settings, { UserName: [userName] }), runbook: 'Guardrail-DisableConsoleAccess' }
      if (action === 'deactivate-access-keys') return { ...inAccount(target, settings, { UserName: [userName] }), runbook: 'Guardrail-DeactivateAccessKeys' }
      return { unplannable: action === '' ? 'nothing decided to revoke: this finding asks for an access review decision (record keep or revoke in the decisions file)' : `no runbook carries out revoke action "${action}"` }
    },
  },
]

/** Every runbook a remediation may run. */
export function runbooksOf(remediation: Remediation): readonly string[] {
  return remediation.runbooks ?? [remediation.runbook]
}

const byCheck = new Map(REMEDIATIONS.map((r) => [r.checkId, r]))
const byId = new Map(REMEDIATIONS.map((r) => [r.id, r]))

export function remediationForCheck(checkId: string): Remediation | undefined {
  return byCheck.get(checkId)
}

export function remediationById(id: string): Remediation | undefined {
  return byId.get(id)
}
