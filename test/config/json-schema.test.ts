import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from '../../src/config/json-schema.js'
import { configSchema } from '../../src/config/schema.js'
import { loadRuleSet } from '../../src/cli/settings.js'

const root = join(import.meta.dirname, '..', '..')

/** The example config in README.md (the yaml block after "## Configuration"). */
function readmeExample(): unknown {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Configuration'))
  const block = /```yaml\n([\s\S]*?)```/.exec(section)
  if (!block) throw new Error('README.md has no yaml example under "## Configuration"')
  return parseYaml(block[1]!)
}

describe('guardrail.config.yaml JSON Schema', () => {
  it('the committed schema equals the one generated from src/config/schema.ts (run `npm run schemas`)', () => {
    expect(readFileSync(join(root, CONFIG_JSON_SCHEMA_FILE), 'utf8')).toBe(configJsonSchema())
  })

  it('accepts the README example, which also passes the zod schema; rejects an unknown key', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(configJsonSchema()))
    const example = readmeExample()
    expect(configSchema.safeParse(example).success).toBe(true)
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({ ...(example as object), scna: {} })).toBe(false)
    expect(validate({ scan: { concurrency: 'ten' } })).toBe(false)
  })

  it('the README example names real checks with valid options (it loads into the rules)', () => {
    const config = configSchema.parse(readmeExample())
    const ruleSet = loadRuleSet(config, 'README.md')
    expect(ruleSet.rules.get('iam.user-console-mfa')?.severity).toBe('critical')
    expect(ruleSet.rules.get('iam.user-owner-tag')?.enabled).toBe(false)
  })
})
