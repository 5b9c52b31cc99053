// Where the user sync finds public SSH keys: IAM (each user's uploaded SSH public keys, the default) or
// an S3 prefix of public key files, one folder per IAM user: s3://<bucket>/<prefix><IAM user name>/*.
// Every line of every object there is a candidate key, checked like an IAM key (src/users/ssh-keys.ts);
// a private key found there is refused and reported, never copied anywhere. Reads are counted and
// grow with group members, never with servers.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { z } from 'zod'
import type { AwsSession } from '../aws/session.js'
import { collectTokenPages } from '../aws/paginate.js'
import { errorCode } from '../collect/isolate.js'
import { InputError } from '../core/errors.js'
import type { IamSshKey } from './desired-state.js'
import { looksLikePrivateKey } from './ssh-keys.js'

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

/** A key file is a few lines; anything larger is not a key file and is not read into memory. */
export const MAX_KEY_OBJECT_BYTES = 64 * 1024

/** The public keys of each user under the S3 prefix: one IamSshKey per non-empty, non-comment line. */
export async function readS3Keys(session: AwsSession, source: S3KeySource, userNames: Iterable<string>): Promise<Map<string, IamSshKey[]>> {
  const s3 = session.client('s3')
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
