// The two SSM documents of the user sync, built from the script in runbooks/user-sync/:
//   Guardrail-LinuxUserSync            Command document (schema 2.2): decodes the desired state (a
//                                      parameter restricted to base64, so it cannot break out of the
//                                      script), writes the sync script beside it, runs it with python3
//                                      (or RHEL's platform-python). The script prints its JSON report.
//   Guardrail-LinuxUserSyncAutomation  Automation runbook: one aws:runCommand of the Command document on
//                                      the instances carrying the tag, with MaxConcurrency/MaxErrors.
// `users apply` installs both (idempotently) before it starts the Automation, and a State Manager
// association can run the Command document at boot and on a schedule with the same parameters.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { RUNBOOKS_DIR } from '../remediate/runbooks.js'
import { sha256Hex } from '../remediate/canonical-json.js'

export const SYNC_COMMAND_DOCUMENT = 'Guardrail-LinuxUserSync'
export const SYNC_AUTOMATION_DOCUMENT = 'Guardrail-LinuxUserSyncAutomation'
export const SYNC_SCRIPT_FILE = join(RUNBOOKS_DIR, 'user-sync', 'guardrail_user_sync.py')
const HEREDOC_END = 'GUARDRAIL_SYNC_SCRIPT_END'

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

export function syncCommandDocument(script = readFileSync(SYNC_SCRIPT_FILE, 'utf8')): SsmDocument {
  if (script.split('\n').includes(HEREDOC_END)) throw new Error(`the sync script contains the line ${HEREDOC_END}`)
  return document(SYNC_COMMAND_DOCUMENT, 'Command', {
    schemaVersion: '2.2',
    description: 'guardrail user sync: makes the Linux users in the marker group match the desired state guardrail computed from IAM groups (guardrail users plan). Prints a JSON report.',
    parameters: {
      DesiredState: { type: 'String', description: 'base64 of the gzipped desired-state JSON', allowedPattern: '^[A-Za-z0-9+/]+={0,2}$' },
    },
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'SyncUsers',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: {
          timeoutSeconds: '900',
          runCommand: [
            'set -u',
            'PY=$(command -v python3 || { [ -x /usr/libexec/platform-python ] && echo /usr/libexec/platform-python; } || true)',
            'if [ -z "$PY" ]; then echo \'{"error": "python3 is not installed"}\'; exit 2; fi',
            'WORK=$(mktemp -d)',
            "trap 'rm -rf \"$WORK\"' EXIT",
            "printf '%s' '{{ DesiredState }}' > \"$WORK/desired.b64\"",
            '"$PY" -c \'import base64,gzip,sys; sys.stdout.buffer.write(gzip.decompress(base64.b64decode(open(sys.argv[1]).read())))\' "$WORK/desired.b64" > "$WORK/desired.json" || { echo \'{"error": "the desired state does not decode"}\'; exit 2; }',
            `cat > "$WORK/sync.py" <<'${HEREDOC_END}'`,
            ...script.replace(/\n$/, '').split('\n'),
            HEREDOC_END,
            '"$PY" "$WORK/sync.py" --desired "$WORK/desired.json"',
          ],
        },
      },
    ],
  })
}

export function syncAutomationDocument(): SsmDocument {
  const text = (description: string, extra: object = {}) => ({ type: 'String', description, ...extra })
  return document(SYNC_AUTOMATION_DOCUMENT, 'Automation', {
    description: `guardrail runbook. Fixes: linux.users-in-sync. Changes: runs ${SYNC_COMMAND_DOCUMENT} on the instances carrying the tag, at the given rate.`,
    schemaVersion: '0.3',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: text('ARN of the role the execution runs as.'),
      TagKey: text('Tag key selecting the instances.', { allowedPattern: '^[\\w+=,.@:/ -]{1,128}$' }),
      TagValue: text('Tag value selecting the instances.', { allowedPattern: '^[\\w+=,.@:/ -]{0,256}$' }),
      DesiredState: text('base64 of the gzipped desired-state JSON.', { allowedPattern: '^[A-Za-z0-9+/]+={0,2}$' }),
      MaxConcurrency: text('Instances synced at once.', { default: '25%', allowedPattern: '^\\d+%?$' }),
      MaxErrors: text('Failures before the run stops.', { default: '10%', allowedPattern: '^\\d+%?$' }),
    },
    mainSteps: [
      {
        name: 'SyncUsers',
        action: 'aws:runCommand',
        inputs: {
          DocumentName: SYNC_COMMAND_DOCUMENT,
          Targets: [{ Key: 'tag:{{ TagKey }}', Values: ['{{ TagValue }}'] }],
          Parameters: { DesiredState: '{{ DesiredState }}' },
          MaxConcurrency: '{{ MaxConcurrency }}',
          MaxErrors: '{{ MaxErrors }}',
        },
        isEnd: true,
      },
    ],
  })
}
