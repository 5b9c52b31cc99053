import { z } from 'zod'
import type { Analyzer } from '../../snapshot/detection.js'
import { defineCheck } from '../define.js'

/** Analyzers that look for access from outside the zone of trust (the unused- and internal-access kinds do not). */
const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION'])
const summary = (a: Analyzer) => ({ name: a.name, type: a.type, status: a.status, ...(a.statusReason ? { statusReason: a.statusReason } : {}) })

export default defineCheck({
  id: 'iam.access-analyzer',
  title: 'An IAM Access Analyzer external-access analyzer is active',
  description:
    'The region has an IAM Access Analyzer analyzer of type ACCOUNT or ORGANIZATION (external access) whose status is ACTIVE. Unused-access and internal-access analyzers do not count, nor an analyzer that is CREATING, DISABLED or FAILED.',
  rationale:
    'An external-access analyzer reports every bucket, key, role, queue or snapshot that a policy shares with someone outside the account or organization; analyzers are regional, so a region without one is a region where an accidental public share goes unseen (CIS 1.20).',
  remediation:
    'In every region: `aws accessanalyzer create-analyzer --analyzer-name external-access --type ORGANIZATION` from the delegated administrator account (or `--type ACCOUNT` in each account).',
  scope: 'region',
  remediationId: 'access-analyzer-enable',
  requires: ['accessanalyzer.analyzers'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const analyzers = ctx.read('accessanalyzer.analyzers')
    const evidence = { region: ctx.region, analyzers: analyzers.map(summary) }
    const external = analyzers.filter((a) => EXTERNAL_ACCESS_TYPES.has(a.type))
    const active = external.find((a) => a.status === 'ACTIVE')
    if (active) ctx.pass(ctx.accountArn, `External-access analyzer ${active.name} (${active.type}) is active in ${ctx.region}`, { evidence: { ...evidence, analyzerArn: active.arn } })
    else if (external.length > 0) ctx.fail(ctx.accountArn, `No external-access analyzer is active in ${ctx.region}: ${external.map((a) => `${a.name} is ${a.status}`).join(', ')}`, { evidence })
    else if (analyzers.length > 0) ctx.fail(ctx.accountArn, `No external-access analyzer in ${ctx.region} (only ${[...new Set(analyzers.map((a) => a.type))].join(', ')} analyzers)`, { evidence })
    else ctx.fail(ctx.accountArn, `No IAM Access Analyzer analyzer in ${ctx.region}`, { evidence })
  },
})
