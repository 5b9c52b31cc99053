// The plan as a person reviews it on a terminal: every action with its runbook, target, parameters,
// effect and risk (destructive ones marked), then what stays manual and why. The CLI's io neutralises
// control characters in everything printed, so resource names from AWS cannot drive the terminal.
import type { Plan } from './plan-schema.js'

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

export function renderPlan(plan: Plan, file: string): string {
  const lines: string[] = []
  const accounts = new Set(plan.actions.map((a) => a.accountId))
  lines.push(
    `Remediation plan ${plan.hash.slice(0, 12)} — ${plural(plan.actions.length, 'action')} in ${plural(accounts.size, 'account')}, ${plural(plan.manual.length, 'finding')} left manual${plan.mutedSkipped > 0 ? `, ${plural(plan.mutedSkipped, 'muted finding')} left alone` : ''}`,
    `From ${plan.source.findings} (as of ${plan.source.asOf}); executions run as role ${plan.automationRoleName} in each account.`,
    '',
  )
  plan.actions.forEach((a, i) => {
    const role = a.parameters.AutomationAssumeRole?.[0]?.split('/').pop() ?? plan.automationRoleName
    lines.push(`${String(i + 1).padStart(3)}. ${a.destructive ? '[DESTRUCTIVE] ' : ''}${a.runbook.name} (${a.runbook.owner === 'aws' ? 'AWS-managed' : 'guardrail runbook'}) in ${a.accountId} ${a.region}, as role ${role}`)
    lines.push(`     fixes ${a.checkId}: ${a.findings.map((f) => f.resource).join(', ')}`)
    const parameters = Object.entries(a.parameters)
      .filter(([k]) => k !== 'AutomationAssumeRole')
      .map(([k, v]) => `${k}=${v.join(',')}`)
    if (parameters.length > 0) lines.push(`     parameters: ${parameters.join(' ')}`)
    lines.push(`     changes: ${a.effect}`, `     risk: ${a.risk}`)
  })
  if (plan.actions.length === 0) lines.push('  Nothing to apply automatically.')
  if (plan.manual.length > 0) {
    // Grouped by check and reason: the full list, with each finding's fix, is in the plan file.
    const groups = new Map<string, { checkId: string; reason: string; findings: number; accounts: Set<string> }>()
    for (const m of plan.manual) {
      const key = `${m.checkId}\u0000${m.reason}`
      const g = groups.get(key) ?? groups.set(key, { checkId: m.checkId, reason: m.reason, findings: 0, accounts: new Set() }).get(key)!
      g.findings++
      g.accounts.add(m.accountId)
    }
    lines.push('', 'Manual (no automatic action):')
    for (const g of [...groups.values()].sort((a, b) => a.checkId.localeCompare(b.checkId))) lines.push(`  - ${g.checkId}: ${plural(g.findings, 'finding')} in ${plural(g.accounts.size, 'account')} — ${g.reason}`)
    lines.push("  Every finding, with its fix, is in the plan file (manual[]); `guardrail checks show <check>` explains the fix.")
  }
  lines.push('', plan.actions.length > 0 ? `Plan written to ${file}. Nothing has changed. Review it, then: guardrail remediate apply ${file}` : `Plan written to ${file}. Nothing has changed.`)
  return `${lines.join('\n')}\n`
}
