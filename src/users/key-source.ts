// Where the user sync finds public SSH keys: IAM (each user's uploaded SSH public keys, the default) or
// an S3 prefix of public key files, one folder per IAM user: s3://<bucket>/<prefix><IAM user name>/*.
// Every line of every object there is a candidate key, checked like an IAM key (src/users/ssh-keys.ts);
// a private key found there is refused and reported, never copied anywhere. Reads are counted and
// grow with group members, never with servers.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { AwsSession } from '../aws/session.js'
import { collectTokenPages } from '../aws/paginate.js'
import { errorCode } from '../collect/isolate.js'
import { EXIT, GuardrailError, InputError } from '../core/errors.js'
import { allowListedS3Client } from '../aws/allow-listed-s3.js'
import { DEFAULT_MAX_ATTEMPTS } from '../aws/session.js'
import type { IamSshKey } from './desired-state.js'
import { USER_KEY_SOURCE_READS, type S3KeySource } from './key-source-schema.js'
import { looksLikePrivateKey } from './ssh-keys.js'

export class KeySourceCallRefusedError extends GuardrailError {
  constructor(operation: string) {
    super('KeySourceCallRefused', `Refused s3:${operation}: the SSH key source may only list and read key files.`, { exitCode: EXIT.internal })
    this.name = 'KeySourceCallRefusedError'
  }
}

/** The key source's S3 client: the session's credentials, ListObjectsV2 and GetObject only. */
export function keySourceClient(session: Pick<AwsSession, 'region' | 'credentials'>): S3Client {
  return allowListedS3Client({ region: session.region, credentials: session.credentials, maxAttempts: DEFAULT_MAX_ATTEMPTS, allowed: USER_KEY_SOURCE_READS, refuse: (operation) => new KeySourceCallRefusedError(operation) })
}

/** A key file is a few lines; anything larger is not a key file and is not read into memory. */
export const MAX_KEY_OBJECT_BYTES = 64 * 1024

/** The public keys of each user under the S3 prefix: one IamSshKey per non-empty, non-comment line. */
export async function readS3Keys(session: AwsSession, source: S3KeySource, userNames: Iterable<string>): Promise<Map<string, IamSshKey[]>> {
  const s3 = keySourceClient(session)
  const keys = new Map<string, IamSshKey[]>()
  for (const userName of userNames) {
    const folder = `${source.prefix}${userName}/`
    const pages = await collectTokenPages(async (token) => {
      try {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: source.bucket, Prefix: folder, ...(token ? { ContinuationToken: token } : {}) }))
        return { ...page, NextToken: page.IsTruncated ? page.NextContinuationToken : undefined }
      } catch (err) {
        // Without the bucket every user would silently lose every key: refuse the plan instead.
        const code = errorCode(err)
        if (code === 'NoSuchBucket' || code === 'AccessDenied') throw new InputError('KeySourceUnreadable', `Cannot list s3://${source.bucket}/${folder} (users.keySource): ${code}.`, `Check the bucket name, and give the identity account's audit role the scoped read: guardrail policy scan --key-source s3://${source.bucket}/${source.prefix}`)
        throw err
      }
    })
    const list: IamSshKey[] = []
    for (const object of pages.flatMap((p) => p.Contents ?? [])) {
      const key = object.Key!
      if (key.endsWith('/')) continue
      const where = `s3://${source.bucket}/${key}`
      if ((object.Size ?? 0) > MAX_KEY_OBJECT_BYTES) {
        list.push({ id: where, status: 'Active', body: '', refused: `${object.Size} bytes, larger than a key file may be (${MAX_KEY_OBJECT_BYTES}); not read` })
        continue
      }
      const got = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: key }))
      const text = (await got.Body?.transformToString('utf8')) ?? ''
      list.push(...keysInFile(where, text))
    }
    keys.set(userName, list)
  }
  return keys
}

/** The candidate keys of one file. A private key anywhere makes the whole file one refused entry. */
export function keysInFile(where: string, text: string): IamSshKey[] {
  if (looksLikePrivateKey(text)) return [{ id: where, status: 'Active', body: text }]
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, index }) => ({ id: `${where} line ${index + 1}`, status: 'Active' as const, body: line }))
}
