// ARNs, split into the parts remediation needs: where a resource lives (its account and region decide
// where the Automation execution runs) and its name or id (the runbook's parameter).
export interface Arn {
  partition: string
  service: string
  region: string
  accountId: string
  /** Everything after the account: 'user/alice', 'trail/org-trail', 'key/1234…', 'security-group/sg-…'. */
  resource: string
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/

export function parseArn(text: string): Arn | undefined {
  const m = ARN.exec(text)
  if (!m) return undefined
  return { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4]!, resource: m[5]! }
}

/** The last path segment of the resource part: 'user/path/alice' → 'alice', 'trail/t' → 't'. */
export function arnResourceName(arn: Arn): string {
  const parts = arn.resource.split(/[/:]/)
  return parts[parts.length - 1]!
}
