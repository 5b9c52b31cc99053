// users apply's half of the S3 hand-over (src/users/desired-state-store.ts): the object written with
// the operator's credentials through a client that can do nothing else.
//
// Objects are immutable by name: one plan, one object. An object already holding exactly these
// bytes is fine (a re-run of the same plan); one holding anything else is evidence of tampering and
// is neither overwritten nor used: apply stops before any target starts.
import { createHash } from 'node:crypto'
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { allowListedS3Client } from '../aws/allow-listed-s3.js'
import { DEFAULT_MAX_ATTEMPTS } from '../aws/session.js'
import { errorCode } from '../collect/isolate.js'
import { EXIT, GuardrailError } from '../core/errors.js'
import type { DesiredState } from './desired-state.js'
import { desiredStateBytes, desiredStateObject, type DesiredStateObject, type DesiredStateStore } from './desired-state-store.js'

/** What the documents get instead of the inline value. */
export interface HandedOver extends DesiredStateObject {
  sha256: string
  outcome: 'uploaded' | 'unchanged'
}

export class DesiredStateMismatchError extends GuardrailError {
  constructor(where: string, found: string, expected: string) {
    super('DesiredStateObjectMismatch', `${where} already exists and holds other content (SHA-256 ${found}), not this plan's desired state (${expected}): not overwritten, not used.`, {
      hint: 'Someone wrote to the desired-state prefix. Find out who (the bucket is versioned; CloudTrail data events name the writer), delete the object, and apply again.',
      exitCode: EXIT.findings,
    })
    this.name = 'DesiredStateMismatchError'
  }
}

/**
 * Writes the object unless it exists (If-None-Match: *, so a concurrent or earlier writer is never
 * overwritten), then, when it exists, reads it back and compares the SHA-256 of its bytes: S3's own
 * checksums are not used for that, as a writer chooses which checksum an object carries.
 */
export async function handOverDesiredState(s3: S3Client, store: DesiredStateStore, plan: { hash: string; desired: DesiredState }): Promise<HandedOver> {
  const object = desiredStateObject(store, plan.hash)
  const body = desiredStateBytes(plan.desired)
  const sha256 = createHash('sha256').update(body, 'utf8').digest()
  const hex = sha256.toString('hex')
  try {
    await s3.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: body, ContentType: 'application/json', IfNoneMatch: '*', ChecksumSHA256: sha256.toString('base64') }))
    return { ...object, sha256: hex, outcome: 'uploaded' }
  } catch (err) {
    const code = errorCode(err)
    // 412 when the object exists; 409 when another write of the same key is in flight.
    if (code !== 'PreconditionFailed' && code !== 'ConditionalRequestConflict') throw err
  }
  const got = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }))
  const found = createHash('sha256')
    .update((await got.Body?.transformToByteArray()) ?? new Uint8Array())
    .digest('hex')
  if (found !== hex) throw new DesiredStateMismatchError(`s3://${object.bucket}/${object.key}`, found, hex)
  return { ...object, sha256: hex, outcome: 'unchanged' }
}

export class StoreCallRefusedError extends GuardrailError {
  constructor(operation: string) {
    super('StoreCallRefused', `Refused s3:${operation}: the desired-state hand-over may only write and read back its object.`, { exitCode: EXIT.internal })
    this.name = 'StoreCallRefusedError'
  }
}

/**
 * The only S3 client that writes: the operator's credentials, the store's region, PutObject and
 * GetObject only (like the Automation client of remediation, a guard refuses anything else before
 * it is signed). Path-style addressing, as the scan's S3 client and the URL the instances get.
 */
export function desiredStateStoreClient(options: { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider; maxAttempts?: number }): S3Client {
  return allowListedS3Client({ ...options, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, allowed: ['PutObject', 'GetObject'], refuse: (operation) => new StoreCallRefusedError(operation) })
}
