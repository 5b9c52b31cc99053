// The user sync's key source as configuration (users.keySource) and as the `policy scan --key-source`
// flag: shapes only, no AWS, so the config schema and the policy generator can import it without
// pulling in the SDK side (src/users/key-source.ts reads the keys).
import { z } from 'zod'

export const bucketNameSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lower case letters, digits, dots and hyphens')
const keyPrefix = z
  .string()
  .max(512)
  .regex(/^([^\0-\x1f\x7f*?]*\/)?$/, "empty, or a key prefix ending in '/' (e.g. ssh-keys/), without wildcards or control characters")

export const keySourceSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('iam') }),
    z.strictObject({ type: z.literal('s3'), bucket: bucketNameSchema, prefix: keyPrefix.default('') }),
  ])
  .default({ type: 'iam' })
  .describe("Where public SSH keys come from: { type: iam } (the users' IAM SSH public keys) or { type: s3, bucket, prefix } (s3://bucket/prefix<IAM user name>/*, one key per line)")
export type KeySource = z.infer<typeof keySourceSchema>
export type S3KeySource = Extract<KeySource, { type: 's3' }>

/** 's3://bucket/prefix/' → the key source (for `guardrail policy scan --key-source`). */
export function parseS3KeySource(uri: string): S3KeySource | { error: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)
  if (!match) return { error: "expected s3://<bucket>/<prefix>/ (the prefix may be empty: s3://<bucket>/)" }
  const parsed = keySourceSchema.safeParse({ type: 's3', bucket: match[1], prefix: match[2] })
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  return parsed.data as S3KeySource
}

/** How the plan names its key source for the reviewer. */
export function describeKeySource(source: KeySource): string {
  return source.type === 'iam' ? 'IAM SSH public keys' : `s3://${source.bucket}/${source.prefix}<IAM user name>/`
}

/**
 * The only S3 calls of the key source: data reads, kept off the scan's read-only list (no collector
 * reads object data). They go through their own allow-listed client, and the audit policy grants them
 * only with `guardrail policy scan --key-source`, scoped to that prefix (src/aws/role-policies.ts).
 */
export const USER_KEY_SOURCE_READS = ['ListObjectsV2', 'GetObject'] as const

