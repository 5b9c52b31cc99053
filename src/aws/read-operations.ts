// Every AWS operation the scan path may call, per service, derived from the collector registry
// (src/collect/registry.ts): each collector's declared operations plus the scan's own reads. The
// read-only guard refuses anything not listed here, and the least-privilege policy for the audit
// role is generated from this table — so it names exact operations (no prefixes, no wildcards) and
// nothing the scan does not call.
import { AWS_SERVICES, readOperationsByService, type AwsService } from '../collect/registry.js'

export type { AwsService }
export { AWS_SERVICES }

export const READ_OPERATIONS: Readonly<Record<AwsService, readonly string[]>> = readOperationsByService()

const lookup: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(READ_OPERATIONS).map(([service, ops]) => [service, new Set<string>(ops)]))

/** Exact, case-sensitive match: 'iam' + 'GetPolicy' is a read, 'iam' + 'getpolicy' is not. */
export function isReadOperation(service: string, operation: string): boolean {
  return lookup.get(service)?.has(operation) ?? false
}
