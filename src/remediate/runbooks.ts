// guardrail's own SSM Automation runbooks (runbooks/*.yaml at the package root): written only where
// AWS has no managed runbook, each saying which finding it fixes and what it changes. Loaded and
// checked here; `remediate install` puts their exact text into each target account and region, and
// the emulator's Automation double executes their aws:executeAwsApi steps.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { readYamlFile } from '../rules/load.js'
import { sha256Hex } from './canonical-json.js'

const here = dirname(fileURLToPath(import.meta.url))
/** runbooks/ sits at the package root, two levels above src/remediate (and dist/remediate). */
export const RUNBOOKS_DIR = resolve(here, '..', '..', 'runbooks')

const stepSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  // Only API calls: every change a runbook makes is a named AWS operation the remediation policy lists.
  action: z.literal('aws:executeAwsApi'),
  inputs: z.object({ Service: z.string().min(1), Api: z.string().regex(/^[A-Z][A-Za-z0-9]+$/) }).catchall(z.unknown()),
})

export const runbookDocumentSchema = z.object({
  description: z.string().regex(/^guardrail runbook\. Fixes: /, 'must start "guardrail runbook. Fixes: <check id>"'),
  schemaVersion: z.literal('0.3'),
  assumeRole: z.literal('{{ AutomationAssumeRole }}'),
  parameters: z.record(z.string(), z.object({ type: z.string(), description: z.string() }).passthrough()).refine((p) => 'AutomationAssumeRole' in p, 'must declare AutomationAssumeRole'),
  mainSteps: z.array(stepSchema).min(1),
  outputs: z.array(z.string()).optional(),
})

export interface OwnRunbook {
  name: string
  /** The file's exact text: what install writes, so an unchanged file makes no new document version. */
  content: string
  sha256: string
  document: z.infer<typeof runbookDocumentSchema>
}

/** Automation's service names in aws:executeAwsApi → IAM action prefixes where they differ. */
const IAM_PREFIX: Record<string, string> = { accessanalyzer: 'access-analyzer' }

/** The IAM actions a runbook's steps call ('account:PutAlternateContact'). */
export function runbookApiCalls(runbook: OwnRunbook): string[] {
  return runbook.document.mainSteps.map((s) => `${IAM_PREFIX[s.inputs.Service] ?? s.inputs.Service}:${s.inputs.Api}`)
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
