// The S3 hand-over of the desired state (users.desiredStateStore), for user bases too large for an
// SSM document parameter (public keys do not compress). `users apply` writes the plan's desired state
// — its canonical JSON, byte for byte — to s3://<bucket>/<prefix>desired-state-<plan hash>.json with
// the operator's credentials, and hands the documents the object's URL and the SHA-256 of those bytes
// instead of the inline value. On each instance, aws:downloadContent fetches the object with the
// instance's own credentials (read of the desired-state objects only) and the sync script refuses
// any content whose SHA-256 is not the expected one, so a changed or swapped object never reaches
// useradd (src/users/documents.ts, runbooks/user-sync/guardrail_user_sync.py).
//
// This module is the pure half (the config schema, the object's name and URL, the bytes and their
// hash, the patterns the documents restrict their parameters with); desired-state-handover.ts writes.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { regionSchema } from '../core/ids.js'
import { canonicalJson } from '../remediate/canonical-json.js'
import { bucketNameSchema } from './key-source-schema.js'
import type { DesiredState } from './desired-state.js'

/**
 * Key prefix segments: letters, digits, '.', '_' and '-', not starting with a dot (no '.' or '..'
 * segment a URL parser could fold away). The same text restricts the config, the documents'
 * DesiredStateUrl parameter and the bucket template's Prefix, so what one accepts the others do.
 */
export const PREFIX_PATTERN_BODY = '([A-Za-z0-9_-][A-Za-z0-9._-]*/)*'
export const BUCKET_PATTERN_BODY = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]'
const OBJECT_NAME_BODY = 'desired-state-[0-9a-f]{64}\\.json'

/**
 * DesiredStateUrl's allowedPattern: a path-style S3 URL of a desired-state object named by a plan
 * hash, nothing else. No quote, backslash or space can appear, so the value cannot leave the JSON
 * string of the aws:downloadContent sourceInfo it is substituted into.
 */
export const DESIRED_STATE_URL_PATTERN = `^https://s3\\.[a-z]{2}(-[a-z]+)+-\\d+\\.amazonaws\\.com(\\.cn)?/${BUCKET_PATTERN_BODY}/${PREFIX_PATTERN_BODY}${OBJECT_NAME_BODY}$`
export const SHA256_PATTERN = '^[0-9a-f]{64}$'

export const desiredStateStoreSchema = z
  .strictObject({
    bucket: bucketNameSchema,
    prefix: z
      .string()
      .max(512)
      .regex(new RegExp(`^${PREFIX_PATTERN_BODY}$`), "empty, or a key prefix ending in '/' (e.g. guardrail/user-sync/): letters, digits, '.', '_', '-', no segment starting with '.'")
      .default(''),
    region: regionSchema.describe("The bucket's region"),
  })
  .describe(
    'Hand the desired state to the instances through S3 instead of inline (large user bases exceed the SSM parameter size): users apply writes s3://<bucket>/<prefix>desired-state-<plan hash>.json with your credentials (s3:PutObject and s3:GetObject on that prefix), the instances read it (s3:GetObject) and refuse it unless its SHA-256 matches. templates/user-sync-desired-state-bucket.template.json creates the bucket',
  )
export type DesiredStateStore = z.infer<typeof desiredStateStoreSchema>

/** Exactly the bytes the instances verify: the canonical JSON of the plan's desired state. */
export function desiredStateBytes(desired: DesiredState): string {
  return canonicalJson(desired)
}

export function desiredStateSha256(desired: DesiredState): string {
  return createHash('sha256').update(desiredStateBytes(desired), 'utf8').digest('hex')
}

export interface DesiredStateObject {
  bucket: string
  key: string
  /** What aws:downloadContent takes: https://s3.<region>.amazonaws.com/<bucket>/<key> (path style). */
  url: string
}

export function desiredStateObject(store: DesiredStateStore, planHash: string): DesiredStateObject {
  const key = `${store.prefix}desired-state-${planHash}.json`
  const domain = store.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return { bucket: store.bucket, key, url: `https://s3.${store.region}.${domain}/${store.bucket}/${key}` }
}
