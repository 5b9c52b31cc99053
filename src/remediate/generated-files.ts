// Files generated from the code and committed (npm run schemas; drift-tested): the plan's JSON Schema,
// and the IAM policies and CloudFormation template of guardrail's roles with their default names.
import { z } from 'zod'
import { auditRolePolicy, remediationRolePolicy, rolesTemplate } from '../aws/role-policies.js'
import { DEFAULT_REMEDIATION_SETTINGS } from '../config/schema.js'
import { planSchema } from './plan-schema.js'

/** The audit role name the committed policy uses (the config default is OrganizationAccountAccessRole, which already exists). */
export const DEFAULT_AUDIT_ROLE_NAME = 'GuardrailAudit'

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n'

export const REMEDIATION_GENERATED_FILES: readonly { file: string; content: () => string }[] = [
  { file: 'schema/remediation-plan.schema.json', content: () => json({ ...z.toJSONSchema(planSchema, { io: 'output' }), title: 'guardrail remediation plan' }) },
  { file: 'iam/audit-role-policy.json', content: () => json(auditRolePolicy(DEFAULT_AUDIT_ROLE_NAME)) },
  { file: 'iam/remediation-role-policy.json', content: () => json(remediationRolePolicy(DEFAULT_REMEDIATION_SETTINGS.roleName)) },
  { file: 'iam/guardrail-roles.template.json', content: () => json(rolesTemplate()) },
]
