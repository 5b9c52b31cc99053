// guardrail's own runbooks are checked strictly when loaded: API calls and aws:branch steps only, outputs
// by definite JSONPath, jumps forward to steps that exist, references to declared parameters and to
// outputs of earlier steps; every Automation option the Automation double does not run (onFailure,
// isCritical, …) is refused rather than shipped untested. runbookApiCalls (the remediation policy is
// made from it) lists each API call once and nothing for a branch.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadOwnRunbooks, runbookApiCalls, runbookDocumentSchema, RUNBOOKS_DIR } from '../../src/remediate/runbooks.js'

type Doc = { mainSteps: Record<string, unknown>[] } & Record<string, unknown>
const deactivate = () => parse(readFileSync(join(RUNBOOKS_DIR, 'Guardrail-DeactivateAccessKeys.yaml'), 'utf8')) as Doc
const step = (doc: Doc, name: string) => doc.mainSteps.find((s) => s.name === name) as Record<string, unknown> & { inputs: Record<string, unknown> }
const choice = (doc: Doc, name: string) => (step(doc, name).inputs.Choices as Record<string, unknown>[])[0]!
const issues = (doc: unknown) => {
  const r = runbookDocumentSchema.safeParse(doc)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe("guardrail's own runbooks", () => {
  it('all load; each API call is listed once, aws:branch steps call nothing', () => {
    const runbooks = loadOwnRunbooks()
    expect(runbooks.map((r) => r.name)).toEqual(['Guardrail-DeactivateAccessKeys', 'Guardrail-DisableConsoleAccess', 'Guardrail-EnableAccessAnalyzer', 'Guardrail-RemoveUserFromGroup', 'Guardrail-SetSecurityAlternateContact'])
    const calls = Object.fromEntries(runbooks.map((r) => [r.name, runbookApiCalls(r)]))
    expect(calls['Guardrail-DeactivateAccessKeys']).toEqual(['iam:ListAccessKeys', 'iam:UpdateAccessKey'])
    expect(calls['Guardrail-EnableAccessAnalyzer']).toEqual(['access-analyzer:CreateAnalyzer'])
  })

  it('Guardrail-DeactivateAccessKeys: one ListAccessKeys, then per key slot a branch on its Status before the UpdateAccessKey that uses its id', () => {
    const doc = deactivate()
    expect(issues(doc)).toEqual([])
    expect(doc.mainSteps.map((s) => [s.name, s.action])).toEqual([
      ['ListAccessKeys', 'aws:executeAwsApi'],
      ['IsFirstKeyActive', 'aws:branch'],
      ['DeactivateFirstKey', 'aws:executeAwsApi'],
      ['IsSecondKeyActive', 'aws:branch'],
      ['DeactivateSecondKey', 'aws:executeAwsApi'],
      ['ListAccessKeysAfter', 'aws:executeAwsApi'],
    ])
    for (const [slot, index] of [['First', 0], ['Second', 1]] as const) {
      expect(choice(doc, `Is${slot}KeyActive`)).toEqual({ NextStep: `Deactivate${slot}Key`, Variable: `{{ ListAccessKeys.${slot}KeyStatus }}`, StringEquals: 'Active' })
      expect(step(doc, `Deactivate${slot}Key`).inputs).toEqual({ Service: 'iam', Api: 'UpdateAccessKey', UserName: '{{ UserName }}', AccessKeyId: `{{ ListAccessKeys.${slot}KeyId }}`, Status: 'Inactive' })
      const outputs = step(doc, 'ListAccessKeys').outputs as { Name: string; Selector: string }[]
      expect(outputs.filter((o) => o.Name.startsWith(slot)).map((o) => o.Selector)).toEqual([`$.AccessKeyMetadata[${index}].AccessKeyId`, `$.AccessKeyMetadata[${index}].Status`])
    }
    // No step may swallow a failure: no onFailure, no isCritical anywhere.
    for (const s of doc.mainSteps) expect(Object.keys(s).filter((k) => k === 'onFailure' || k === 'isCritical')).toEqual([])
  })

  it.each<[string, (doc: Doc) => void, RegExp]>([
    ['onFailure: Continue', (d) => (step(d, 'DeactivateFirstKey').onFailure = 'Continue'), /mainSteps\.2: Unrecognized key: "onFailure"/],
    ['isCritical: false', (d) => (step(d, 'DeactivateSecondKey').isCritical = false), /Unrecognized key: "isCritical"/],
    ['an action other than an API call or a branch', (d) => (step(d, 'IsFirstKeyActive').action = 'aws:executeScript'), /mainSteps\.1\.action/],
    ['a branch with nextStep', (d) => (step(d, 'IsFirstKeyActive').nextStep = 'DeactivateFirstKey'), /Unrecognized key: "nextStep"/],
    ['a branch without Default', (d) => delete step(d, 'IsSecondKeyActive').inputs.Default, /Default/],
    ['a choice operator other than StringEquals', (d) => Object.assign(choice(d, 'IsFirstKeyActive'), { StringEquals: undefined, Contains: 'Act' }), /Unrecognized key: "Contains"/],
    ['a Variable that is not one reference', (d) => (choice(d, 'IsFirstKeyActive').Variable = 'x{{ ListAccessKeys.FirstKeyStatus }}'), /one \{\{ Parameter \}\} or \{\{ Step\.Output \}\}/],
    ['a wildcard Selector', (d) => ((step(d, 'ListAccessKeys').outputs as { Selector: string }[])[0]!.Selector = '$.AccessKeyMetadata[*].AccessKeyId'), /definite JSONPath/],
    ['a StringList output', (d) => ((step(d, 'ListAccessKeys').outputs as { Type: string }[])[0]!.Type = 'StringList'), /outputs\.0\.Type/],
    ['a jump back', (d) => (step(d, 'DeactivateFirstKey').nextStep = 'IsFirstKeyActive'), /step DeactivateFirstKey goes to IsFirstKeyActive, which is not a later step/],
    ['a jump to no step', (d) => (choice(d, 'IsSecondKeyActive').NextStep = 'Nowhere'), /step IsSecondKeyActive goes to Nowhere, which is not a later step/],
    ['nextStep with isEnd', (d) => (step(d, 'DeactivateSecondKey').isEnd = true), /step DeactivateSecondKey has both nextStep and isEnd/],
    ['a step name used twice', (d) => (step(d, 'DeactivateSecondKey').name = 'DeactivateFirstKey'), /step name DeactivateFirstKey is used twice/],
    ['an output no step declares', (d) => (step(d, 'DeactivateFirstKey').inputs.AccessKeyId = '{{ ListAccessKeys.KeyId }}'), /\{\{ ListAccessKeys\.KeyId \}\} names no output of an earlier step/],
    ['an output of a later step', (d) => (choice(d, 'IsFirstKeyActive').Variable = '{{ ListAccessKeysAfter.FirstKeyStatus }}'), /names no output of an earlier step/],
    ['a parameter the runbook does not declare', (d) => (step(d, 'DeactivateFirstKey').inputs.UserName = '{{ User }}'), /\{\{ User \}\} names no parameter/],
    ['a document output no step declares', (d) => (d.outputs = ['ListAccessKeys.Nothing']), /outputs\.0: ListAccessKeys\.Nothing names no step output/],
  ])('refuses %s', (_case, mutate, message) => {
    const doc = deactivate()
    mutate(doc)
    expect(issues(doc).join('\n')).toMatch(message)
  })
})
