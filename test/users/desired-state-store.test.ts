// The S3 hand-over's pure half and its client: where the object goes, which settings are accepted,
// and a client that can make no call but the two apply needs.
import { DeleteObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/remediate/canonical-json.js'
import type { DesiredState } from '../../src/users/desired-state.js'
import { desiredStateStoreClient, StoreCallRefusedError } from '../../src/users/desired-state-handover.js'
import { desiredStateBytes, desiredStateObject, desiredStateSha256, desiredStateStoreSchema } from '../../src/users/desired-state-store.js'

const HASH = 'c0'.repeat(32)
const desired: DesiredState = { version: 1, generatedAt: '2026-12-01T00:00:00Z', markerGroup: 'guardrail-users', uidMin: 200000, homeOnRemove: 'archive', maxDeleteShare: 0.25, allowEmpty: false, users: [] }

describe('the desired-state store', () => {
  it('names the object by the plan hash under the prefix; the bytes are the canonical JSON, the hash theirs', () => {
    const store = desiredStateStoreSchema.parse({ bucket: 'corp-user-sync', prefix: 'guardrail/user-sync/', region: 'eu-west-1' })
    expect(desiredStateObject(store, HASH)).toEqual({ bucket: 'corp-user-sync', key: `guardrail/user-sync/desired-state-${HASH}.json`, url: `https://s3.eu-west-1.amazonaws.com/corp-user-sync/guardrail/user-sync/desired-state-${HASH}.json` })
    expect(desiredStateObject(desiredStateStoreSchema.parse({ bucket: 'corp-user-sync', region: 'eu-west-1' }), HASH).key).toBe(`desired-state-${HASH}.json`)
    expect(desiredStateBytes(desired)).toBe(canonicalJson(desired))
    expect(desiredStateBytes({ ...desired })).toBe(desiredStateBytes(JSON.parse(JSON.stringify(desired)) as DesiredState))
    expect(desiredStateSha256(desired)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses a prefix not ending in /, path tricks, a bad bucket or region, unknown keys', () => {
    const ok = { bucket: 'corp-user-sync', prefix: 'a/', region: 'eu-west-1' }
    expect(desiredStateStoreSchema.safeParse(ok).success).toBe(true)
    for (const bad of [{ ...ok, prefix: 'a' }, { ...ok, prefix: '/a/' }, { ...ok, prefix: '../' }, { ...ok, prefix: 'a/../' }, { ...ok, prefix: 'a b/' }, { ...ok, prefix: 'a*/' }, { ...ok, bucket: 'Corp' }, { ...ok, region: 'europe' }, { ...ok, kms: 'x' }, { bucket: 'corp-user-sync', prefix: 'a/' }]) {
      expect(desiredStateStoreSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })

  it("the hand-over's client refuses every call but PutObject and GetObject, before anything is sent", async () => {
    const s3 = desiredStateStoreClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 })
    for (const command of [new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }), new ListObjectsV2Command({ Bucket: 'b' }), new PutBucketPolicyCommand({ Bucket: 'b', Policy: '{}' })]) {
      await expect(s3.send(command as never)).rejects.toBeInstanceOf(StoreCallRefusedError)
    }
    s3.destroy()
  })
})
