// Shapes of the S3 slices (global: AccountSnapshot.s3[name]). An account's buckets are listed once
// per account (ListBuckets answers for every region), so organization checks can tell which account
// holds a trail's bucket: the log archive, or the account that produced the logs. SDK-free so checks
// can import the types.
import { z } from 'zod'
import { defineSlices } from './slice-spec.js'

export const bucketSchema = z.object({
  name: z.string(),
  /** ISO 8601; absent when S3 did not say. */
  creationDate: z.string().optional(),
  /** BucketRegion, where S3 returns it. */
  region: z.string().optional(),
})
export type Bucket = z.infer<typeof bucketSchema>

export const S3_SLICES = defineSlices({
  's3.buckets': { scope: 'global', schema: z.array(bucketSchema) },
})
