// Large exports are written as streams (writeStreamAtomic) rather than built as one string: OCSF
// for 100k findings is ~300 MB, near V8's limit of about 2^29 characters for a single string. The
// renderers yield one record at a time; this groups records into writes of about `size` characters,
// so a stream gets a few hundred writes instead of 100k.

export function* joinedChunks(parts: Iterable<string>, size = 1 << 20): Generator<string> {
  let buffer: string[] = []
  let length = 0
  for (const part of parts) {
    buffer.push(part)
    length += part.length
    if (length >= size) {
      yield buffer.join('')
      buffer = []
      length = 0
    }
  }
  if (buffer.length > 0) yield buffer.join('')
}
