// The user-sync documents: two pairs (inline, S3 hand-over) generated from the same script and parts;
// every parameter the instances see is pattern-restricted, and the S3 location's pattern admits only
// guardrail's own object URLs, so the value can never leave the JSON string it is substituted into.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DESIRED_STATE_URL_PATTERN, desiredStateObject, desiredStateStoreSchema, SHA256_PATTERN } from '../../src/users/desired-state-store.js'
import { DOWNLOAD_STEP, DOWNLOADED_FILE, SYNC_COMMAND_DOCUMENT, SYNC_COMMAND_DOCUMENT_S3, SYNC_STEP, syncAutomationDocument, syncCommandDocument, syncDocuments } from '../../src/users/documents.js'

interface Doc {
  parameters: Record<string, { type: string; allowedPattern?: string; default?: string }>
  mainSteps: { action: string; name: string; precondition?: unknown; inputs: Record<string, unknown> }[]
}
const parsed = (content: string) => parse(content) as Doc
const HASH = 'ab'.repeat(32)

describe('user-sync documents', () => {
  it('inline: one sync step taking the base64 state; S3: the download, then the same sync step with the expected SHA-256', () => {
    const inline = parsed(syncCommandDocument('inline').content)
    expect(Object.keys(inline.parameters)).toEqual(['DesiredState'])
    expect(inline.mainSteps.map((s) => `${s.action} ${s.name}`)).toEqual([`aws:runShellScript ${SYNC_STEP}`])

    const s3 = parsed(syncCommandDocument('s3').content)
    expect(Object.keys(s3.parameters)).toEqual(['DesiredStateUrl', 'DesiredStateSha256'])
    expect(s3.mainSteps.map((s) => `${s.action} ${s.name}`)).toEqual([`aws:downloadContent ${DOWNLOAD_STEP}`, `aws:runShellScript ${SYNC_STEP}`])
    const [download, sync] = s3.mainSteps
    // Relative destination: this command's own downloads directory, the sync step's working directory.
    expect(download!.inputs).toEqual({ sourceType: 'S3', sourceInfo: '{"path": "{{ DesiredStateUrl }}"}', destinationPath: DOWNLOADED_FILE, onFailure: 'exit' })
    expect(download!.precondition).toEqual({ StringEquals: ['platformType', 'Linux'] })
    const lines = sync!.inputs.runCommand as string[]
    expect(lines).toContain(`DESIRED="$PWD/${DOWNLOADED_FILE}"`)
    expect(lines.at(-1)).toBe('"$PY" "$WORK/sync.py" --desired "$DESIRED" --sha256 {{ DesiredStateSha256 }}')
    // The state itself never travels in the S3 document, and the script text is the same in both.
    expect(syncCommandDocument('s3').content).not.toContain('DesiredState }}')
    const script = (doc: Doc) => {
      const all = doc.mainSteps.at(-1)!.inputs.runCommand as string[]
      return all.slice(all.findIndex((x) => x.startsWith('cat > "$WORK/sync.py"')), all.indexOf('GUARDRAIL_SYNC_SCRIPT_END') + 1)
    }
    expect(script(s3)).toEqual(script(inline))
    expect(script(s3).length).toBeGreaterThan(300)
  })

  it('each Automation runbook runs its Command document and passes exactly its parameters through, with the same patterns', () => {
    for (const source of ['inline', 's3'] as const) {
      const [command, automation] = syncDocuments(source)
      expect(command.name).toBe(source === 'inline' ? SYNC_COMMAND_DOCUMENT : SYNC_COMMAND_DOCUMENT_S3)
      const c = parsed(command.content)
      const a = parsed(automation.content)
      const step = a.mainSteps[0]!
      expect(a.mainSteps).toHaveLength(1)
      expect(step).toMatchObject({ name: SYNC_STEP, action: 'aws:runCommand', inputs: { DocumentName: command.name } })
      expect(step.inputs.Parameters).toEqual(Object.fromEntries(Object.keys(c.parameters).map((n) => [n, `{{ ${n} }}`])))
      for (const [name, p] of Object.entries(c.parameters)) {
        expect(p.allowedPattern, name).toBeDefined()
        expect(a.parameters[name]!.allowedPattern).toBe(p.allowedPattern)
      }
      // Every parameter but the role ARN (which SSM checks itself) is pattern-restricted.
      for (const [name, p] of Object.entries(a.parameters)) if (name !== 'AutomationAssumeRole') expect(p.allowedPattern, name).toBeDefined()
    }
    expect(syncAutomationDocument('s3').name).toBe('Guardrail-LinuxUserSyncFromS3Automation')
  })

  it("DesiredStateUrl admits guardrail's object URLs and nothing that could leave the sourceInfo JSON or point elsewhere", () => {
    const url = new RegExp(DESIRED_STATE_URL_PATTERN)
    for (const store of [
      { bucket: 'corp-user-sync', prefix: 'guardrail/user-sync/', region: 'eu-west-1' },
      { bucket: 'a.b-c', prefix: '', region: 'us-gov-west-1' },
      { bucket: 'corp', prefix: 'x/', region: 'cn-north-1' },
    ]) {
      const ok = desiredStateObject(desiredStateStoreSchema.parse(store), HASH).url
      expect(url.test(ok), ok).toBe(true)
    }
    expect(desiredStateObject(desiredStateStoreSchema.parse({ bucket: 'corp', prefix: 'x/', region: 'cn-north-1' }), HASH).url).toBe(`https://s3.cn-north-1.amazonaws.com.cn/corp/x/desired-state-${HASH}.json`)
    const base = `https://s3.eu-west-1.amazonaws.com/corp-user-sync/guardrail/desired-state-${HASH}.json`
    for (const bad of [
      base.replace('https://', 'http://'),
      base.replace('amazonaws.com', 'evil.example'),
      base.replace('s3.eu-west-1', 'corp-user-sync.s3.eu-west-1'),
      base.replace('guardrail/', 'guardrail"}, "x": "/'),
      base.replace('guardrail/', 'guard\\rail/'),
      base.replace('guardrail/', 'guard rail/'),
      base.replace('guardrail/', '../'),
      base.replace('guardrail/', 'guardrail//'),
      base.replace(HASH, HASH.slice(2)),
      base.replace(HASH, HASH.toUpperCase()),
      `${base}?x=1`,
      `${base}\n`,
      base.replace('.json', '.txt'),
    ]) {
      expect(url.test(bad), bad).toBe(false)
    }
    const sha = new RegExp(SHA256_PATTERN)
    expect(sha.test(HASH)).toBe(true)
    for (const bad of [HASH.toUpperCase(), HASH.slice(1), `${HASH} `, `${HASH.slice(1)};`, '']) expect(sha.test(bad), bad).toBe(false)
  })
})
