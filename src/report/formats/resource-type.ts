// The ASFF resource type of a finding's resource, read from its ARN: Security Hub filters and groups
// on Resources[].Type, and OCSF consumers get the same name in resources[].type. Only the kinds
// guardrail's checks report on are named; anything else is "Other", which the ASFF documents for
// types it has no name for.

/** ARN `service` and the resource part's leading type → ASFF type. */
const TYPES: Record<string, Record<string, string>> = {
  iam: { user: 'AwsIamUser', role: 'AwsIamRole', policy: 'AwsIamPolicy', group: 'AwsIamGroup' },
  cloudtrail: { trail: 'AwsCloudTrailTrail' },
  kms: { key: 'AwsKmsKey' },
  ec2: { 'security-group': 'AwsEc2SecurityGroup', vpc: 'AwsEc2Vpc', 'network-acl': 'AwsEc2NetworkAcl', instance: 'AwsEc2Instance' },
  guardduty: { detector: 'AwsGuardDutyDetector' },
  cloudwatch: { alarm: 'AwsCloudWatchAlarm' },
}

export const OTHER_RESOURCE_TYPE = 'Other'

/**
 * arn:<partition>:<service>:<region>:<account>:<resource>. The account root
 * (arn:aws:iam::<account>:root) is the account itself, which Security Hub calls AwsAccount.
 */
export function asffResourceType(resource: string): string {
  const parts = resource.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return OTHER_RESOURCE_TYPE
  const service = parts[2]!
  const rest = parts.slice(5).join(':')
  if (service === 'iam' && rest === 'root') return 'AwsAccount'
  // S3 bucket ARNs have no type prefix: arn:aws:s3:::bucket, and objects arn:aws:s3:::bucket/key.
  if (service === 's3' && parts[3] === '' && parts[4] === '' && rest !== '') return rest.includes('/') ? 'AwsS3Object' : 'AwsS3Bucket'
  if (service === 'sns' && rest !== '' && !rest.includes('/')) return 'AwsSnsTopic'
  const kind = /^([^/:]+)[/:]/.exec(rest)?.[1]
  return (kind !== undefined ? TYPES[service]?.[kind] : undefined) ?? OTHER_RESOURCE_TYPE
}
