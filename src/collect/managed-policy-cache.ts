// AWS-managed policies (arn:<partition>:iam::aws:policy/…) are the same documents in every account,
// so a scan fetches each one once (GetPolicy + GetPolicyVersion of the default version) and shares
// it across accounts and principals. Concurrent requests for the same ARN share one in-flight fetch.
// A failed fetch is shared by those waiting on it but not remembered, so a later account retries.
import type { PolicyDocument } from '../snapshot/schema.js'

export interface AwsManagedPolicyVersion {
  name: string
  arn: string
  defaultVersionId: string
  document: PolicyDocument
}

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[a-z0-9-]+:iam::aws:policy\//.test(arn)
}

export class ManagedPolicyCache {
  private readonly entries = new Map<string, Promise<AwsManagedPolicyVersion>>()
  private fetches = 0

  /** The cached policy, or the result of `fetch` (run at most once at a time per ARN). */
  get(arn: string, fetch: () => Promise<AwsManagedPolicyVersion>): Promise<AwsManagedPolicyVersion> {
    const cached = this.entries.get(arn)
    if (cached) return cached
    this.fetches++
    const pending = fetch()
    this.entries.set(arn, pending)
    pending.catch(() => {
      if (this.entries.get(arn) === pending) this.entries.delete(arn)
    })
    return pending
  }

  /** How many fetches were started: the number of distinct documents read (plus retried failures). */
  get fetchCount(): number {
    return this.fetches
  }

  get size(): number {
    return this.entries.size
  }
}
