// The s3-buckets collector (src/collect/collectors/s3-buckets.ts). Listing against the emulator is in
// the pipeline test and test/checks/cloudtrail/cloudtrail.e2e.test.ts; moto 5.2.5 truncates at
// MaxBuckets without a ContinuationToken, so paging is stubbed at the SDK boundary with AWS's shape.
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { collectBuckets } from '../../src/collect/collectors/s3-buckets.js'

const s3 = mockClient(S3Client)
afterEach(() => s3.reset())
const client = () => new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } })

describe('collectBuckets (SDK-boundary stub: moto 5.2.5 does not page ListBuckets)', () => {
  it('follows ContinuationToken at the largest page size, and sorts by name', async () => {
    s3.on(ListBucketsCommand, { MaxBuckets: 10_000 })
      .resolvesOnce({ Buckets: [{ Name: 'zeta', CreationDate: new Date('2024-01-01T00:00:00Z'), BucketRegion: 'eu-west-1' }], ContinuationToken: 'page-2' })
      .resolvesOnce({ Buckets: [{ Name: 'alpha' }] })
    expect(await collectBuckets(client())).toEqual({
      kind: 'ok',
      value: [{ name: 'alpha' }, { name: 'zeta', creationDate: '2024-01-01T00:00:00.000Z', region: 'eu-west-1' }],
    })
    // Two pages, both at MaxBuckets 10,000, the second with the token (the paginator reuses one input object).
    const calls = s3.commandCalls(ListBucketsCommand)
    expect(calls).toHaveLength(2)
    expect(calls[1]!.args[0].input).toMatchObject({ MaxBuckets: 10_000, ContinuationToken: 'page-2' })
  })

  it('AccessDenied makes the slice unreadable with the code', async () => {
    s3.on(ListBucketsCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }))
    expect(await collectBuckets(client())).toMatchObject({ kind: 'unreadable', error: { code: 'AccessDenied', operation: 's3:ListBuckets' } })
  })

  it('a bucket without a name is a malformed response', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ CreationDate: new Date() }] })
    expect(await collectBuckets(client())).toMatchObject({ kind: 'unreadable', error: { code: 'MalformedResponse' } })
  })
})
