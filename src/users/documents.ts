// The SSM documents of the user sync, built from the script in runbooks/user-sync/, in two pairs — one
// per way the desired state reaches the instances (users.desiredStateStore):
//   inline (default)
//     Guardrail-LinuxUserSync            Command document (schema 2.2): decodes the desired state (a
//                                        parameter restricted to base64, so it cannot break out of the
//                                        script), writes the sync script beside it, runs it with python3
//                                        (or RHEL's platform-python). The script prints its JSON report.
//     Guardrail-LinuxUserSyncAutomation  Automation runbook: one aws:runCommand of the Command document on
//                                        the instances carrying the tag, with MaxConcurrency/MaxErrors.
//   S3 hand-over (src/users/desired-state-store.ts)
//     Guardrail-LinuxUserSyncFromS3      Command document: aws:downloadContent fetches the object (S3, the
//                                        instance's own credentials) into this command's downloads
//                                        directory, then the same sync step runs the script on it with
//                                        the expected SHA-256; the script refuses any other content.
//     Guardrail-LinuxUserSyncFromS3Automation  the same Automation runbook, running that document.
// `users apply` installs the pair it uses (idempotently) before it starts the Automation, and a State
// Manager association runs the same Command document at boot and on a schedule with the same parameters.
//
// Why a second Command document rather than one with both sources: a Command document runs every
// step; skipping the download when the state is inline would take a step precondition on a document
// parameter ("{{ Source }}" StringEquals "s3"), which SSM Agent only honours from 3.0.196 (older
// agents fail the step as an unrecognised precondition), which replaces the step's platformType
// precondition (one StringEquals per step), and which needs every parameter of the unused source to
// accept the empty string. It would also put the download first in Guardrail-LinuxUserSync, whose
// first plugin output is where the scan reads each instance's last report (linux.users-in-sync).
// Two documents keep every parameter required and pattern-restricted, and the inline one unchanged.
// Both are generated from the same parts below: the script, the interpreter lookup, the sync step.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { RUNBOOKS_DIR } from '../remediate/runbooks.js'
import { sha256Hex } from '../remediate/canonical-json.js'
import { DESIRED_STATE_URL_PATTERN, SHA256_PATTERN } from './desired-state-store.js'

export const SYNC_COMMAND_DOCUMENT = 'Guardrail-LinuxUserSync'
export const SYNC_AUTOMATION_DOCUMENT = 'Guardrail-LinuxUserSyncAutomation'
export const SYNC_COMMAND_DOCUMENT_S3 = 'Guardrail-LinuxUserSyncFromS3'
export const SYNC_AUTOMATION_DOCUMENT_S3 = 'Guardrail-LinuxUserSyncFromS3Automation'
export const SYNC_SCRIPT_FILE = join(RUNBOOKS_DIR, 'user-sync', 'guardrail_user_sync.py')
/** The step that runs the script, in every document: its output is the script's report, and the Automation's output SyncUsers.CommandId names the command. */
export const SYNC_STEP = 'SyncUsers'
export const DOWNLOAD_STEP = 'DownloadDesiredState'
/**
 * Relative on purpose: SSM Agent puts a relative destinationPath in this command's own
 * orchestration/<command id>/downloads/ directory, and runs the next aws:runShellScript step there
 * (its workingDirectory, when relative or absent, is that directory once it exists). So concurrent
 * runs (the Automation's and the association's) never share a file, and the agent cleans it up.
 */
export const DOWNLOADED_FILE = 'desired-state.json'
const HEREDOC_END = 'GUARDRAIL_SYNC_SCRIPT_END'

export type DesiredStateSource = 'inline' | 's3'

export interface SsmDocument {
  name: string
  type: 'Command' | 'Automation'
  content: string
  sha256: string
}

function document(name: string, type: SsmDocument['type'], body: object): SsmDocument {
  const content = stringify(body, { lineWidth: 0 })
  return { name, type, content, sha256: sha256Hex(content) }
}

interface Source {
  command: string
  automation: string
  description: string
  /** The Command document's parameters (the Automation runbook passes each one through). */
  parameters: Record<string, { description: string; allowedPattern: string }>
  /** Steps before the sync step. */
  before: object[]
  /** Shell lines after the interpreter lookup, before the script is written. */
  prepare: string[]
  /** The sync script's arguments. */
  args: string
}

/** A fresh object each time: a shared one would be written as a YAML anchor and alias. */
const linuxOnly = () => ({ StringEquals: ['platformType', 'Linux'] })

const SOURCES: Record<DesiredStateSource, Source> = {
  inline: {
    command: SYNC_COMMAND_DOCUMENT,
    automation: SYNC_AUTOMATION_DOCUMENT,
    description: '',
    parameters: { DesiredState: { description: 'base64 of the gzipped desired-state JSON', allowedPattern: '^[A-Za-z0-9+/]+={0,2}$' } },
    before: [],
    prepare: [
      "printf '%s' '{{ DesiredState }}' > \"$WORK/desired.b64\"",
      '"$PY" -c \'import base64,gzip,sys; sys.stdout.buffer.write(gzip.decompress(base64.b64decode(open(sys.argv[1]).read())))\' "$WORK/desired.b64" > "$WORK/desired.json" || { echo \'{"error": "the desired state does not decode"}\'; exit 2; }',
    ],
    args: '--desired "$WORK/desired.json"',
  },
  s3: {
    command: SYNC_COMMAND_DOCUMENT_S3,
    automation: SYNC_AUTOMATION_DOCUMENT_S3,
    description: " The desired state is read from S3 (aws:downloadContent, with the instance's credentials) and refused unless its SHA-256 is DesiredStateSha256.",
    parameters: {
      DesiredStateUrl: { description: "https URL of the desired-state object in S3 (users.desiredStateStore), read with the instance's credentials", allowedPattern: DESIRED_STATE_URL_PATTERN },
      DesiredStateSha256: { description: 'SHA-256 (hex) of the desired-state object: the sync refuses any other content', allowedPattern: SHA256_PATTERN },
    },
    before: [
      {
        action: 'aws:downloadContent',
        name: DOWNLOAD_STEP,
        precondition: linuxOnly(),
        inputs: {
          sourceType: 'S3',
          // A JSON string, as the agent parses it; the URL's pattern admits no quote or backslash.
          sourceInfo: '{"path": "{{ DesiredStateUrl }}"}',
          destinationPath: DOWNLOADED_FILE,
          // No sync without the file (SSM Agent 3.0.502+; older agents run the next step, which finds no file and stops).
          onFailure: 'exit',
        },
      },
    ],
    prepare: [`DESIRED="$PWD/${DOWNLOADED_FILE}"`, 'if [ ! -f "$DESIRED" ]; then echo \'{"error": "the desired state was not downloaded"}\'; exit 2; fi'],
    args: '--desired "$DESIRED" --sha256 {{ DesiredStateSha256 }}',
  },
}

export function syncCommandDocument(source: DesiredStateSource = 'inline', script = readFileSync(SYNC_SCRIPT_FILE, 'utf8')): SsmDocument {
  if (script.split('\n').includes(HEREDOC_END)) throw new Error(`the sync script contains the line ${HEREDOC_END}`)
  const s = SOURCES[source]
  return document(s.command, 'Command', {
    schemaVersion: '2.2',
    description: `guardrail user sync: makes the Linux users in the marker group match the desired state guardrail computed from IAM groups (guardrail users plan). Prints a JSON report.${s.description}`,
    parameters: Object.fromEntries(Object.entries(s.parameters).map(([name, p]) => [name, { type: 'String', description: p.description, allowedPattern: p.allowedPattern }])),
    mainSteps: [
      ...s.before,
      {
        action: 'aws:runShellScript',
        name: SYNC_STEP,
        precondition: linuxOnly(),
        inputs: {
          timeoutSeconds: '900',
          runCommand: [
            'set -u',
            'PY=$(command -v python3 || { [ -x /usr/libexec/platform-python ] && echo /usr/libexec/platform-python; } || true)',
            'if [ -z "$PY" ]; then echo \'{"error": "python3 is not installed"}\'; exit 2; fi',
            'WORK=$(mktemp -d)',
            "trap 'rm -rf \"$WORK\"' EXIT",
            ...s.prepare,
            `cat > "$WORK/sync.py" <<'${HEREDOC_END}'`,
            ...script.replace(/\n$/, '').split('\n'),
            HEREDOC_END,
            `"$PY" "$WORK/sync.py" ${s.args}`,
          ],
        },
      },
    ],
  })
}

export function syncAutomationDocument(source: DesiredStateSource = 'inline'): SsmDocument {
  const s = SOURCES[source]
  const text = (description: string, extra: object = {}) => ({ type: 'String', description, ...extra })
  return document(s.automation, 'Automation', {
    description: `guardrail runbook. Fixes: linux.users-in-sync. Changes: runs ${s.command} on the instances carrying the tag, at the given rate.`,
    schemaVersion: '0.3',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: text('ARN of the role the execution runs as.'),
      TagKey: text('Tag key selecting the instances.', { allowedPattern: '^[\\w+=,.@:/ -]{1,128}$' }),
      TagValue: text('Tag value selecting the instances.', { allowedPattern: '^[\\w+=,.@:/ -]{0,256}$' }),
      ...Object.fromEntries(Object.entries(s.parameters).map(([name, p]) => [name, text(`${p.description}.`, { allowedPattern: p.allowedPattern })])),
      MaxConcurrency: text('Instances synced at once.', { default: '25%', allowedPattern: '^\\d+%?$' }),
      MaxErrors: text('Failures before the run stops.', { default: '10%', allowedPattern: '^\\d+%?$' }),
    },
    mainSteps: [
      {
        name: SYNC_STEP,
        action: 'aws:runCommand',
        inputs: {
          DocumentName: s.command,
          Targets: [{ Key: 'tag:{{ TagKey }}', Values: ['{{ TagValue }}'] }],
          Parameters: Object.fromEntries(Object.keys(s.parameters).map((name) => [name, `{{ ${name} }}`])),
          MaxConcurrency: '{{ MaxConcurrency }}',
          MaxErrors: '{{ MaxErrors }}',
        },
        isEnd: true,
      },
    ],
  })
}

/** The Command document and the Automation runbook one source needs, in install order. */
export function syncDocuments(source: DesiredStateSource): [SsmDocument, SsmDocument] {
  return [syncCommandDocument(source), syncAutomationDocument(source)]
}

/** The Command document's parameters of one sync (also the association's). */
export type SyncParameters = { DesiredState: string } | { DesiredStateUrl: string; DesiredStateSha256: string }

export function commandDocumentFor(parameters: SyncParameters): { source: DesiredStateSource; command: string; automation: string } {
  const source: DesiredStateSource = 'DesiredStateUrl' in parameters ? 's3' : 'inline'
  return { source, command: SOURCES[source].command, automation: SOURCES[source].automation }
}
