// IAM returns policy documents URL-encoded (RFC 3986) JSON. The snapshot stores them decoded and
// parsed. A document that cannot be decoded or parsed must not crash the scan, and must not look
// like a policy that grants nothing either: it is stored as an object with no Statement, carrying
// the marker below, so policy helpers report it as malformed and checks say `error`.
import type { PolicyDocument } from '../snapshot/schema.js'

export const UNPARSEABLE_POLICY_KEY = 'GuardrailUnparseablePolicy'
const RAW_EXCERPT = 500

export interface UnparseablePolicyMarker {
  reason: string
  /** The start of what AWS returned, for evidence. */
  excerpt: string
}

export function isUnparseablePolicy(document: PolicyDocument | undefined): boolean {
  return document !== undefined && UNPARSEABLE_POLICY_KEY in document
}

function unparseable(raw: string, reason: string): PolicyDocument {
  const marker: UnparseablePolicyMarker = { reason, excerpt: raw.slice(0, RAW_EXCERPT) }
  return { [UNPARSEABLE_POLICY_KEY]: marker }
}

export function decodePolicyDocument(raw: string): PolicyDocument {
  // Real IAM always URL-encodes, so an encoded document never starts with '{'. Some emulators (and
  // moto for trust policies and AWS-managed versions) return plain JSON; decoding that again would
  // corrupt any literal '%' in it, so plain JSON is parsed as is.
  let text = raw.trimStart()
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(raw)
    } catch {
      return unparseable(raw, 'the document is not valid URL-encoded text')
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return unparseable(raw, 'the document is not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return unparseable(raw, 'the document is not a JSON object')
  }
  return parsed as PolicyDocument
}
