import { z } from 'zod'
import { defineCheck } from '../define.js'

const CORE = 'AmazonSSMManagedInstanceCore'
/** Deprecated by AWS: besides what Session Manager needs, it lets the instance read and write every S3 bucket and more. */
const DEPRECATED = 'AmazonEC2RoleforSSM'

/** Is the ARN the AWS-managed policy of that name (AWS keeps AmazonEC2RoleforSSM under the service-role/ path)? */
function isAwsManaged(arn: string, name: string, partition: string): boolean {
  const prefix = `arn:${partition}:iam::aws:policy/`
  return arn.startsWith(prefix) && arn.slice(arn.lastIndexOf('/') + 1) === name
}

export default defineCheck({
  id: 'ssm.instance-profile-core',
  title: 'Instance roles use AmazonSSMManagedInstanceCore, not AmazonEC2RoleforSSM',
  description:
    'Examines every IAM role that belongs to an instance profile (GetAccountAuthorizationDetails), whether or not an instance uses the profile today. One finding per role: it passes when the AWS-managed policy AmazonSSMManagedInstanceCore is attached and the deprecated AmazonEC2RoleforSSM is not; it fails when Core is missing (the instance cannot register with Systems Manager through its role), when AmazonEC2RoleforSSM is attached, or both. Equivalent customer-managed or inline policies are not recognised: attach the AWS-managed policy, which AWS keeps current. Nor is Default Host Management Configuration, which registers instances through a role of its own: an account that relies on it instead will see these roles fail. Without any instance profile role the check is not applicable.',
  rationale:
    'AmazonSSMManagedInstanceCore grants exactly what SSM Agent needs for Session Manager, patching and inventory. The deprecated AmazonEC2RoleforSSM also grants s3:GetObject/PutObject on every bucket and wide Systems Manager rights, so any process on the instance, or anyone who reaches its metadata service, inherits them.',
  remediation:
    'For each role: `aws iam attach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore`, then `aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM`; grant any S3 access the instance really needs (e.g. its own log bucket) in a separate, narrow policy.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const roles = ctx.read('iam.authorizationDetails').roles.filter((r) => r.instanceProfileArns.length > 0)
    for (const role of roles) {
      const hasCore = role.attachedPolicies.some((p) => isAwsManaged(p.arn, CORE, ctx.partition))
      const hasDeprecated = role.attachedPolicies.some((p) => isAwsManaged(p.arn, DEPRECATED, ctx.partition))
      const evidence = { roleName: role.name, instanceProfileArns: role.instanceProfileArns, attachedPolicies: role.attachedPolicies.map((p) => p.arn), hasCore, hasDeprecated }
      const problems = [...(hasCore ? [] : [`${CORE} is not attached`]), ...(hasDeprecated ? [`the deprecated ${DEPRECATED} is attached`] : [])]
      if (problems.length === 0) ctx.pass(role.arn, `Instance role ${role.name} has ${CORE} and not ${DEPRECATED}`, { evidence })
      else ctx.fail(role.arn, `Instance role ${role.name}: ${problems.join('; ')}`, { evidence })
    }
    if (roles.length === 0) ctx.notApplicable(ctx.accountArn, 'No IAM role belongs to an instance profile')
  },
})
