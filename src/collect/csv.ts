// A small RFC 4180 CSV reader: quoted fields, "" escapes, commas and line breaks inside quotes,
// CRLF or LF rows. Enough for AWS's credential report, whose user names may contain commas
// (IAM allows `+=,.@_-` in names).

export class CsvSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

/** Rows of fields. A trailing line break does not make an empty last row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let line = 1
  // True once the current field started with a quote and has been closed.
  let closedQuote = false

  const endField = () => {
    row.push(field)
    field = ''
    closedQuote = false
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }

  while (i < text.length) {
    const c = text[i]!
    if (c === '"' && field === '' && !closedQuote) {
      // Quoted field: read to the closing quote.
      const startLine = line
      i++
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(`unterminated quoted field starting on line ${startLine}`)
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\n') line++
        field += q
        i++
      }
      closedQuote = true
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(`unexpected character after a closing quote on line ${line}`)
      }
      continue
    }
    if (c === ',') {
      endField()
      i++
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRow()
      line++
      i += 2
    } else if (c === '\n') {
      endRow()
      line++
      i++
    } else {
      if (closedQuote) throw new CsvSyntaxError(`unexpected character after a closing quote on line ${line}`)
      if (c === '"') throw new CsvSyntaxError(`stray quote inside an unquoted field on line ${line}`)
      field += c
      i++
    }
  }
  if (field !== '' || closedQuote || row.length > 0) endRow()
  return rows
}
