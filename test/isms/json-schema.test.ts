import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ISMS_JSON_SCHEMAS } from '../../src/isms/json-schema.js'

const root = join(import.meta.dirname, '..', '..')

describe('ISMS JSON Schemas', () => {
  it.each(ISMS_JSON_SCHEMAS.map((s) => [s.file, s]))('%s is up to date (npm run schemas)', (_file, s) => {
    expect(readFileSync(join(root, s.file), 'utf8')).toBe(s.content())
  })

  it.each([
    ['schema/attestations.schema.json', 'examples/attestations.yaml'],
    ['schema/soa.schema.json', 'examples/soa.yaml'],
  ])('%s accepts %s, and rejects it with an unknown key', (schemaFile, example) => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(root, schemaFile), 'utf8')))
    const doc = parse(readFileSync(join(root, example), 'utf8'))
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...doc, unexpected: true })).toBe(false)
  })
})
