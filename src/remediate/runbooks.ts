// guardrail's own SSM Automation runbooks (runbooks/*.yaml at the package root): written only where
// AWS has no managed runbook, each saying which finding it fixes and what it changes. Loaded and
// checked here (API calls, branches on their outputs, forward jumps only); `remediate install` puts their
// exact text into each target account and region, and the emulator's Automation double executes them.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { readYamlFile } from '../rules/load.js'
import { sha256Hex } from './canonical-json.js'

const here = dirname(fileURLToPath(import.meta.url))
/** runbooks/ sits at the package root, two levels above src/remediate (and dist/remediate). */
export const RUNBOOKS_DIR = resolve(here, '..', '..', 'runbooks')

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/)

/**
 * A step output: a definite JSONPath into the API response ('$.arn', '$.AccessKeyMetadata[0].Status'),
 * as a String. When the path is not in the response, Automation leaves the output absent.
 */
const outputSchema = z.strictObject({
  Name: name,
  Selector: z.string().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+$/, 'a definite JSONPath: $ then .Member or [index] parts'),
  Type: z.literal('String').optional(),
})

const apiStepSchema = z.strictObject({
  name,
  // Only API calls change anything: every change a runbook makes is a named AWS operation the remediation policy lists.
  action: z.literal('aws:executeAwsApi'),
  inputs: z.object({ Service: z.string().min(1), Api: z.string().regex(/^[A-Z][A-Za-z0-9]+$/) }).catchall(z.unknown()),
  outputs: z.array(outputSchema).min(1).optional(),
  nextStep: name.optional(),
  isEnd: z.literal(true).optional(),
})

/** Makes no call: goes to the first choice whose Variable equals its StringEquals, else to Default. */
const branchStepSchema = z.strictObject({
  name,
  action: z.literal('aws:branch'),
  inputs: z.strictObject({
    Choices: z.array(z.strictObject({ NextStep: name, Variable: z.string().regex(/^\{\{ ?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)? ?\}\}$/, 'one {{ Parameter }} or {{ Step.Output }}'), StringEquals: z.string() })).min(1),
    Default: name,
  }),
})

const stepSchema = z.discriminatedUnion('action', [apiStepSchema, branchStepSchema])
type Step = z.infer<typeof stepSchema>

const REFERENCE = /\{\{ ?([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z][A-Za-z0-9_]*))? ?\}\}/g

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

/**
 * Jumps go forward only, to a step that exists (so every execution ends); every {{ Step.Output }}
 * names an output an earlier step declares, every {{ Parameter }} a declared parameter.
 */
function checkFlow(doc: { parameters: Record<string, unknown>; mainSteps: Step[]; outputs?: string[] | undefined }, ctx: z.RefinementCtx): void {
  const declares = (step: string, output: string, before = doc.mainSteps.length) => doc.mainSteps.slice(0, before).some((p) => p.name === step && p.action === 'aws:executeAwsApi' && p.outputs?.some((o) => o.Name === output))
  const index = new Map<string, number>()
  doc.mainSteps.forEach((s, i) => {
    if (index.has(s.name)) ctx.addIssue({ code: 'custom', path: ['mainSteps', i, 'name'], message: `step name ${s.name} is used twice` })
    else index.set(s.name, i)
  })
  doc.mainSteps.forEach((s, i) => {
    const targets = s.action === 'aws:branch' ? [...s.inputs.Choices.map((c) => c.NextStep), s.inputs.Default] : s.nextStep !== undefined ? [s.nextStep] : []
    for (const target of targets) {
      const at = index.get(target)
      if (at === undefined || at <= i) ctx.addIssue({ code: 'custom', path: ['mainSteps', i], message: `step ${s.name} goes to ${target}, which is not a later step` })
    }
    if (s.action === 'aws:executeAwsApi' && s.nextStep !== undefined && s.isEnd) ctx.addIssue({ code: 'custom', path: ['mainSteps', i], message: `step ${s.name} has both nextStep and isEnd` })
    for (const text of stringsIn(s.inputs)) {
      for (const [ref, first, output] of text.matchAll(REFERENCE)) {
        if (output === undefined) {
          if (!(first! in doc.parameters)) ctx.addIssue({ code: 'custom', path: ['mainSteps', i, 'inputs'], message: `${ref} names no parameter` })
          continue
        }
        if (!declares(first!, output, i)) ctx.addIssue({ code: 'custom', path: ['mainSteps', i, 'inputs'], message: `${ref} names no output of an earlier step` })
      }
    }
  })
  doc.outputs?.forEach((o, i) => {
    const [step, output] = o.split('.')
    if (output === undefined || !declares(step!, output)) ctx.addIssue({ code: 'custom', path: ['outputs', i], message: `${o} names no step output` })
  })
}

export const runbookDocumentSchema = z
  .object({
    description: z.string().regex(/^guardrail runbook\. Fixes: /, 'must start "guardrail runbook. Fixes: <check id>"'),
    schemaVersion: z.literal('0.3'),
    assumeRole: z.literal('{{ AutomationAssumeRole }}'),
    parameters: z.record(z.string(), z.object({ type: z.string(), description: z.string() }).passthrough()).refine((p) => 'AutomationAssumeRole' in p, 'must declare AutomationAssumeRole'),
    mainSteps: z.array(stepSchema).min(1),
    outputs: z.array(z.string()).optional(),
  })
  .superRefine(checkFlow)

export interface OwnRunbook {
  name: string
  /** The file's exact text: what install writes, so an unchanged file makes no new document version. */
  content: string
  sha256: string
  document: z.infer<typeof runbookDocumentSchema>
}

/** Automation's service names in aws:executeAwsApi → IAM action prefixes where they differ. */
const IAM_PREFIX: Record<string, string> = { accessanalyzer: 'access-analyzer' }

/** The IAM actions a runbook's steps may call ('account:PutAlternateContact'), each once; aws:branch steps call nothing. */
export function runbookApiCalls(runbook: OwnRunbook): string[] {
  const calls = runbook.document.mainSteps.flatMap((s) => (s.action === 'aws:executeAwsApi' ? [`${IAM_PREFIX[s.inputs.Service] ?? s.inputs.Service}:${s.inputs.Api}`] : []))
  return [...new Set(calls)]
}

export function loadOwnRunbooks(dir = RUNBOOKS_DIR): OwnRunbook[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(dir, f)
      const document = readYamlFile(file, runbookDocumentSchema, 'runbook')
      const content = readFileSync(file, 'utf8')
      return { name: f.replace(/\.yaml$/, ''), content, sha256: sha256Hex(content), document }
    })
}
