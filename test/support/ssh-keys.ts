// Public key lines for tests: the right shape (a length-prefixed type name, then key bytes), not real keys.
/** A syntactically real public key line of `type` (length-prefixed type name, then key bytes). */
export function publicKey(type = 'ssh-ed25519', seed = 1, embedded = type): string {
  const name = Buffer.from(embedded, 'latin1')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(name.length)
  const body = Buffer.alloc(36, seed)
  body.writeUInt32BE(32, 0)
  return `${type} ${Buffer.concat([len, name, body]).toString('base64')}`
}
