// S3 clients that can make only the calls one job needs, refused before a request is signed. The
// scan's S3 client (src/aws/session.ts) reads bucket configuration and never object data; the two
// jobs that touch objects get their own client instead of widening the scan's read-only list:
//   - `users plan` reading public key files from the configured key source (ListObjectsV2, GetObject);
//   - `users apply` writing the desired state it hands over (PutObject, GetObject).
import { S3Client } from '@aws-sdk/client-s3'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, InitializeMiddleware, MetadataBearer } from '@smithy/types'
import { operationName } from './guard.js'

export interface AllowListedS3Options {
  region: string
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
  maxAttempts: number
  /** S3 operation names ('GetObject'); anything else is refused. */
  allowed: readonly string[]
  /** The error to throw for a refused call (a bug: the job called outside its allow-list). */
  refuse(operation: string): Error
}

function allowListGuard(allowed: ReadonlySet<string>, refuse: (operation: string) => Error): InitializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const operation = operationName(context)
    if (operation === undefined || !allowed.has(operation)) throw refuse(operation ?? '<unnamed operation>')
    return next(args)
  }
}

/** Path-style addressing, like the scan's S3 client (and the URLs instances are given). */
export function allowListedS3Client(options: AllowListedS3Options): S3Client {
  const client = new S3Client({ region: options.region, credentials: options.credentials, forcePathStyle: true, maxAttempts: options.maxAttempts, retryMode: 'adaptive' })
  client.middlewareStack.add(allowListGuard(new Set(options.allowed), options.refuse), { step: 'initialize', name: 'guardrailS3AllowList', priority: 'high' })
  return client
}
