// Splitting an organization across machines. An account belongs to shard
// (first 6 bytes of sha256(accountId)) mod count. Hashing the id alone — not its index in a sorted
// list — keeps every account in the same shard even if the organization gains or loses accounts
// between the moments the shard jobs start, so no account is scanned twice or skipped.
import { createHash } from 'node:crypto'
import { InputError } from '../core/errors.js'

export interface Shard {
  /** 0-based. */
  index: number
  count: number
}

export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest()
  return digest.readUIntBE(0, 6) % count
}

export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(accountId, shard.count) === shard.index
}

export function validateShard(shard: Shard): Shard {
  if (!Number.isInteger(shard.count) || shard.count < 1) {
    throw new InputError('InvalidShard', `Shard count must be a positive integer, got ${shard.count}.`, 'Use --shard k/n with 1 ≤ n, e.g. --shard 0/4.')
  }
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new InputError('InvalidShard', `Shard index ${shard.index} is outside 0..${shard.count - 1}.`, `Use --shard k/${shard.count} with 0 ≤ k < ${shard.count}.`)
  }
  return shard
}

/** Parses the CLI form "k/n" (0-based k). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  if (!m) throw new InputError('InvalidShard', `--shard "${text}" is not of the form k/n.`, 'Use --shard k/n, e.g. --shard 0/4 for the first of four shards (k counts from 0).')
  return validateShard({ index: Number(m[1]), count: Number(m[2]) })
}
