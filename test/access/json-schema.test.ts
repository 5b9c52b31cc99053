// The access review's published JSON Schemas: up to date with the zod source, and they accept what
// guardrail writes (an access map) and what a reviewer writes (the example decisions file).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ACCESS_JSON_SCHEMAS } from '../../src/access/json-schema.js'
import { buildAccessMap } from '../../src/access/map.js'
import { loadDecisions } from '../../src/access/decisions.js'
import { ALICE, BOB, CAROL, options, organization } from '../support/access-org.js'

const root = join(import.meta.dirname, '..', '..')
const compile = (file: string) => new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(root, file), 'utf8')))

describe('access review JSON Schemas', () => {
  it.each(ACCESS_JSON_SCHEMAS.map((s) => [s.file, s]))('%s is up to date (npm run schemas)', (_file, s) => {
    expect(readFileSync(join(root, s.file), 'utf8')).toBe(s.content())
  })

  it('the access-map schema accepts a map guardrail builds, and rejects it with an unknown key', () => {
    const validate = compile('schema/access-map.schema.json')
    const map = JSON.parse(JSON.stringify(buildAccessMap(organization([ALICE, BOB, CAROL]), options)))
    expect(validate(map), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...map, unexpected: true })).toBe(false)
  })

  it('the decisions schema accepts examples/access-decisions.yaml (which the loader accepts too), and rejects an unknown key', () => {
    const file = join(root, 'examples', 'access-decisions.yaml')
    expect(loadDecisions(file, new Date('2026-12-01T00:00:00Z'))).toHaveLength(2)
    const validate = compile('schema/access-decisions.schema.json')
    const doc = parse(readFileSync(file, 'utf8'))
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...doc, unexpected: true })).toBe(false)
  })
})
