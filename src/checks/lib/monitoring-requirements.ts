// The CIS AWS Foundations Benchmark v3.0.0 section 4 monitoring items 4.1–4.15, as data: each is a
// CloudTrail event class that must reach a person through a metric filter, an alarm and a subscribed
// SNS topic. `reference` is the filter pattern of the item's remediation, as CIS v3.0.0 writes it.
//
// `optional` lists terms a filter may carry or leave out (src/checks/lib/filter-pattern.ts: what counts
// as equivalent), each because CIS itself or the controls built on it publish the pattern both ways:
//   - 4.1: the exclusions of log delivery and HeadBucket were added to reduce noise; CIS v1.2 (and the
//     AWS Security Hub control CloudWatch.2, which checks it) has the pattern without them.
//   - 4.2: CIS v3.0.0 gives a second pattern "to reduce false positives in case SSO is used", adding
//     `userIdentity.type = "IAMUser"` and `responseElements.ConsoleLogin = "Success"`.
//   - `$.eventSource = <service>`: the items' event names all belong to one service; naming it (as
//     4.7, 4.8, 4.9 and 4.15 do, and as others' audit steps do) neither adds nor drops such an event
//     in practice, and leaving it out only widens the filter.
// Every other term is required: dropping one (an eventName alternative, or `MFAUsed != "Yes"`) leaves
// events of the item unwatched.
import type { PatternRequirement } from './filter-pattern.js'

export interface CisMonitoringRequirement {
  /** The check is `cloudwatch.alarm-<name>`. */
  name: string
  /** CIS AWS Foundations Benchmark v3.0.0 item. */
  cisItem: string
  /** The item's title in CIS v3.0.0. */
  cisTitle: string
  /** What is watched, as a phrase for messages ("usage of the root user"). */
  watches: string
  /** Why it matters, for the check's rationale. */
  why: string
  pattern: PatternRequirement
  /** A name for the metric in the remediation's example commands. */
  exampleMetric: string
}

const source = (service: string) => `$.eventSource = ${service}.amazonaws.com`

function requirement(r: CisMonitoringRequirement): CisMonitoringRequirement {
  return r
}

export const CIS_MONITORING = {
  'unauthorized-api-calls': requirement({
    name: 'unauthorized-api-calls',
    cisItem: '4.1',
    cisTitle: 'Ensure unauthorized API calls are monitored',
    watches: 'unauthorized API calls',
    why: 'A burst of AccessDenied / UnauthorizedOperation errors is how probing with stolen or over-scoped credentials, and broken automation, first shows.',
    pattern: {
      reference: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
      optional: ['$.sourceIPAddress != "delivery.logs.amazonaws.com"', '$.eventName != "HeadBucket"'],
    },
    exampleMetric: 'unauthorized_api_calls_metric',
  }),
  'console-signin-without-mfa': requirement({
    name: 'console-signin-without-mfa',
    cisItem: '4.2',
    cisTitle: 'Ensure management console sign-in without MFA is monitored',
    watches: 'console sign-ins without MFA',
    why: 'A console sign-in without MFA means a password alone opened the account: either a user without MFA or a stolen password.',
    pattern: {
      reference: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
      optional: ['$.userIdentity.type = "IAMUser"', '$.responseElements.ConsoleLogin = "Success"', source('signin')],
    },
    exampleMetric: 'no_mfa_console_signin_metric',
  }),
  'root-usage': requirement({
    name: 'root-usage',
    cisItem: '4.3',
    cisTitle: "Ensure usage of the 'root' account is monitored",
    watches: 'usage of the root user',
    why: 'The root user cannot be restricted by IAM or SCP-denied in its own account; every use of it should be rare, expected and seen.',
    pattern: { reference: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
    exampleMetric: 'root_usage_metric',
  }),
  'iam-policy-changes': requirement({
    name: 'iam-policy-changes',
    cisItem: '4.4',
    cisTitle: 'Ensure IAM policy changes are monitored',
    watches: 'IAM policy changes',
    why: 'A policy created, attached or edited is how privileges are escalated; watching the changes keeps authorization under control.',
    pattern: {
      reference:
        '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
      optional: [source('iam')],
    },
    exampleMetric: 'iam_changes_metric',
  }),
  'cloudtrail-changes': requirement({
    name: 'cloudtrail-changes',
    cisItem: '4.5',
    cisTitle: "Ensure CloudTrail configuration changes are monitored",
    watches: 'CloudTrail configuration changes',
    why: 'Stopping or changing a trail is the first step of covering tracks; the audit trail itself must be watched.',
    pattern: {
      reference: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
      optional: [source('cloudtrail')],
    },
    exampleMetric: 'cloudtrail_cfg_changes_metric',
  }),
  'console-auth-failures': requirement({
    name: 'console-auth-failures',
    cisItem: '4.6',
    cisTitle: 'Ensure AWS Management Console authentication failures are monitored',
    watches: 'console authentication failures',
    why: 'Repeated failed console sign-ins are how password guessing shows, with the source address to correlate.',
    pattern: { reference: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }', optional: [source('signin')] },
    exampleMetric: 'console_signin_failure_metric',
  }),
  'cmk-deletion': requirement({
    name: 'cmk-deletion',
    cisItem: '4.7',
    cisTitle: 'Ensure disabling or scheduled deletion of customer created CMKs is monitored',
    watches: 'customer-managed KMS keys being disabled or scheduled for deletion',
    why: 'Data encrypted under a disabled or deleted key becomes unreadable; a key changing state must be intended.',
    pattern: {
      reference: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
      optional: [source('kms')],
    },
    exampleMetric: 'disable_or_delete_cmk_changes_metric',
  }),
  's3-bucket-policy-changes': requirement({
    name: 's3-bucket-policy-changes',
    cisItem: '4.8',
    cisTitle: 'Ensure S3 bucket policy changes are monitored',
    watches: 'S3 bucket policy changes',
    why: 'A bucket policy, ACL or replication rule changed is how data is opened to the world or copied out; seeing it shortens the exposure.',
    pattern: {
      reference:
        '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
      optional: [source('s3')],
    },
    exampleMetric: 's3_bucket_policy_changes_metric',
  }),
  'config-changes': requirement({
    name: 'config-changes',
    cisItem: '4.9',
    cisTitle: 'Ensure AWS Config configuration changes are monitored',
    watches: 'AWS Config configuration changes',
    why: 'Stopping the Config recorder or deleting its delivery channel blinds the configuration history that audits and investigations rely on.',
    pattern: {
      reference:
        '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
      optional: [source('config')],
    },
    exampleMetric: 'aws_config_changes_metric',
  }),
  'security-group-changes': requirement({
    name: 'security-group-changes',
    cisItem: '4.10',
    cisTitle: 'Ensure security group changes are monitored',
    watches: 'security group changes',
    why: 'A security group rule opened to the internet exposes servers within seconds; changes must be seen.',
    pattern: {
      reference:
        '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
      optional: [source('ec2')],
    },
    exampleMetric: 'security_group_changes_metric',
  }),
  'nacl-changes': requirement({
    name: 'nacl-changes',
    cisItem: '4.11',
    cisTitle: 'Ensure Network Access Control Lists (NACL) changes are monitored',
    watches: 'network ACL changes',
    why: 'Network ACLs filter whole subnets; a changed entry can expose or cut off every resource behind it.',
    pattern: {
      reference:
        '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
      optional: [source('ec2')],
    },
    exampleMetric: 'nacl_changes_metric',
  }),
  'network-gateway-changes': requirement({
    name: 'network-gateway-changes',
    cisItem: '4.12',
    cisTitle: 'Ensure changes to network gateways are monitored',
    watches: 'network gateway changes',
    why: 'Gateways are the doors of a VPC; a new or moved one lets traffic in or out around the controlled path.',
    pattern: {
      reference:
        '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
      optional: [source('ec2')],
    },
    exampleMetric: 'network_gw_changes_metric',
  }),
  'route-table-changes': requirement({
    name: 'route-table-changes',
    cisItem: '4.13',
    cisTitle: 'Ensure route table changes are monitored',
    watches: 'route table changes',
    why: 'A changed route sends a subnet’s traffic somewhere else; VPC traffic must keep flowing through the expected path.',
    pattern: {
      reference:
        '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
      optional: [source('ec2')],
    },
    exampleMetric: 'route_table_changes_metric',
  }),
  'vpc-changes': requirement({
    name: 'vpc-changes',
    cisItem: '4.14',
    cisTitle: 'Ensure VPC changes are monitored',
    watches: 'VPC changes',
    why: 'A VPC created, deleted, peered or re-attributed changes what can reach what, including from the internet.',
    pattern: {
      reference:
        '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
      optional: [source('ec2')],
    },
    exampleMetric: 'vpc_changes_metric',
  }),
  'organizations-changes': requirement({
    name: 'organizations-changes',
    cisItem: '4.15',
    cisTitle: 'Ensure AWS Organizations changes are monitored',
    watches: 'AWS Organizations changes',
    why: 'An account moved, a policy detached or the organization left removes the guardrails of every account below; such changes must be seen.',
    pattern: {
      reference:
        '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
      optional: [source('organizations')],
    },
    exampleMetric: 'organizations_changes_metric',
  }),
} as const satisfies Record<string, CisMonitoringRequirement>

export type CisMonitoringName = keyof typeof CIS_MONITORING
