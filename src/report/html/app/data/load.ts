// Reads the embedded payload out of the page: base64 text → gzip bytes → JSON → columns.
// DecompressionStream is built into the browser and works from file:// with no network and no
// 'unsafe-eval', which is what lets the page carry 100,000 findings in a few MB.
import { DATA_ELEMENT_ID, type EmbeddedPayload } from '../../payload.js'
import { decodePayload, PayloadError, type DecodedReport } from './decode.js'

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64
  if (fromBase64 !== undefined) return fromBase64(text)
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

async function gunzipToText(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Response(stream).text()
}

export async function loadEmbeddedReport(doc: Document): Promise<DecodedReport> {
  const element = doc.getElementById(DATA_ELEMENT_ID)
  if (element === null) throw new PayloadError('the report data block is missing from the page')
  // render.ts writes the base64 with no whitespace; both decoders would tolerate it anyway.
  const text = element.textContent ?? ''
  const payload = JSON.parse(await gunzipToText(base64ToBytes(text))) as EmbeddedPayload
  return decodePayload(payload)
}
