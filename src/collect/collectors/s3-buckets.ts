// The account's S3 buckets, once per account: s3:ListBuckets → 's3.buckets'. ListBuckets answers for
// every region at once, so it is a global collector. Paginated at the largest page S3 allows, so
// calls grow with pages of 10,000 buckets, not with buckets. The log-archive check reads it to tell
// which account holds a trail's bucket.
import { paginateListBuckets, type S3Client } from '@aws-sdk/client-s3'
import type { Readable } from '../../snapshot/readable.js'
import type { Bucket } from '../../snapshot/s3.js'
import { isolatedRead } from '../isolate.js'
import { optionalIsoDate, required } from '../response.js'

/** The largest MaxBuckets ListBuckets accepts. */
const MAX_BUCKETS_PER_PAGE = 10_000

export function collectBuckets(s3: S3Client): Promise<Readable<Bucket[]>> {
  return isolatedRead('s3:ListBuckets', async () => {
    const buckets: Bucket[] = []
    for await (const page of paginateListBuckets({ client: s3, pageSize: MAX_BUCKETS_PER_PAGE }, {})) {
      for (const b of page.Buckets ?? []) {
        const bucket: Bucket = { name: required(b.Name, 'Buckets[].Name', 's3:ListBuckets') }
        const created = optionalIsoDate(b.CreationDate)
        if (created) bucket.creationDate = created
        if (b.BucketRegion) bucket.region = b.BucketRegion
        buckets.push(bucket)
      }
    }
    return buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  })
}
