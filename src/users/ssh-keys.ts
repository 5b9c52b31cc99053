// Public SSH keys from IAM (or an S3 prefix) are hostile input: only a well-formed public key line of a
// known type is written to authorized_keys — one line, "<type> <base64 blob>", where the blob decodes
// and names the same type. Options (command=, from=) and comments are dropped: guardrail writes the
// line itself. Anything that looks like a private key is refused and reported, never stored.
export const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
])

export type KeyCheck = { ok: true; line: string; type: string } | { ok: false; reason: string; privateKey?: true }

const PRIVATE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File/

/** PEM, OpenSSH and PuTTY private keys, anywhere in the text. */
export function looksLikePrivateKey(text: string): boolean {
  return PRIVATE.test(text)
}

export function checkPublicKey(text: string): KeyCheck {
  if (looksLikePrivateKey(text)) return { ok: false, reason: 'this is a private key: it is refused, not stored, and should be revoked', privateKey: true }
  const trimmed = text.trim()
  if (/[\r\n\0]/.test(trimmed)) return { ok: false, reason: 'more than one line' }
  const [type, blob] = trimmed.split(/\s+/)
  if (type === undefined || blob === undefined) return { ok: false, reason: 'not "<type> <base64>"' }
  if (!KEY_TYPES.has(type)) return { ok: false, reason: `unknown key type ${JSON.stringify(type.slice(0, 40))}` }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob) || blob.length % 4 !== 0) return { ok: false, reason: 'the key data is not base64' }
  const bytes = Buffer.from(blob, 'base64')
  if (bytes.length < 4) return { ok: false, reason: 'the key data is too short' }
  const length = bytes.readUInt32BE(0)
  const embedded = bytes.subarray(4, 4 + length).toString('latin1')
  if (4 + length > bytes.length || embedded !== type) return { ok: false, reason: `the key data says ${JSON.stringify(embedded.slice(0, 40))}, not ${type}` }
  return { ok: true, line: `${type} ${blob}`, type }
}
