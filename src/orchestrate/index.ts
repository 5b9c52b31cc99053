// The organization scan's public surface, for the CLI.
export { scanOrganization, ScanInterrupted, DEFAULT_AUDIT_ROLE, DEFAULT_SESSION_NAME, DEFAULT_CONCURRENCY, DEFAULT_REGION_CONCURRENCY } from './scan-organization.js'
export type { ScanOrganizationOptions, ScanOrganizationResult, AuditRoleOptions, ScanCollectors } from './scan-organization.js'
export { mergeShards, type MergeShardsOptions } from './merge.js'
export { createProgressReporter, type ProgressMode, type ProgressOptions, type ProgressReporter } from './progress.js'
export type { ScanEvent, ScanEventListener, ScanPhase } from './events.js'
export { parseShard, shardOf, type Shard } from './shard.js'
export { DEFAULT_SERVICE_LIMITS, type ServiceLimits } from './service-limits.js'
export type { AssembleResult } from './assemble.js'
