// Table test for linux.users-in-sync (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/linux/users-in-sync.js'
import type { Instance } from '../../../src/snapshot/ec2.js'
import type { UserSyncResult } from '../../../src/snapshot/ssm.js'
import { ok } from '../../../src/snapshot/readable.js'
import { daysAgo, denied, rootArn } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { inRegion, instanceArn } from '../ssm/support.js'

const tagged = (id: string, state = 'running'): Instance => ({ instanceId: id, arn: instanceArn(id), state, tags: { 'ssh-sync': 'true' } })
const other = (id: string): Instance => ({ instanceId: id, arn: instanceArn(id), state: 'running', tags: {} })
const run = (id: string, extra: Partial<UserSyncResult> = {}, summary: Partial<NonNullable<UserSyncResult['summary']>> = {}): UserSyncResult => ({
  instanceId: id,
  commandId: 'c-1',
  requestedAt: daysAgo(0.1),
  status: 'Success',
  summary: { ok: true, added: [], updated: [], removed: [], failed: [], conflicts: [], ...summary },
  ...extra,
})
const region = (instances: Instance[], runs: UserSyncResult[]) => inRegion({ 'ec2.instances': ok(instances), 'ssm.userSyncResults': ok(runs) })

checkCases(check, {
  pass: [
    { name: 'a tagged instance whose last sync succeeded recently', snapshot: region([tagged('i-1')], [run('i-1')]), expect: [{ resource: instanceArn('i-1'), evidence: expect.objectContaining({ status: 'Success' }) }] },
    { name: 'untagged and stopped instances are not judged', snapshot: region([tagged('i-2'), other('i-3'), tagged('i-4', 'stopped')], [run('i-2')]) },
  ],
  fail: [
    { name: 'a tagged instance never synced', snapshot: region([tagged('i-5'), tagged('i-6')], [run('i-5')]), expect: [{ resource: instanceArn('i-6'), message: expect.stringContaining('never ran') }] },
    { name: 'the last sync is older than maxAgeHours', snapshot: region([tagged('i-7')], [run('i-7', { requestedAt: daysAgo(3) })]), expect: [{ message: expect.stringMatching(/ran 72 hours ago \(limit 26\)/) }] },
    { name: 'the last sync was refused by a guard', snapshot: region([tagged('i-8')], [run('i-8', { status: 'Failed' }, { ok: false, refused: 'would delete 3 of 4 managed users' })]), expect: [{ message: expect.stringContaining('refused to run: would delete 3 of 4') }] },
    { name: 'a user failed, another conflicts', snapshot: region([tagged('i-9')], [run('i-9', { status: 'Failed' }, { ok: false, failed: ['alice'], conflicts: ['bob'] })]), expect: [{ message: expect.stringContaining('failed users alice; conflicts bob') }] },
    { name: 'the run printed no report', snapshot: region([tagged('i-10')], [{ instanceId: 'i-10', commandId: 'c', requestedAt: daysAgo(0.1), status: 'Failed' }]), expect: [{ message: expect.stringContaining('printed no report') }] },
    { name: 'the script could not run (bad desired state, no python3)', snapshot: region([tagged('i-11')], [run('i-11', { status: 'Failed' }, { ok: false, error: 'python3 is not installed' })]), expect: [{ message: expect.stringContaining('could not run: python3') }] },
  ],
  not_applicable: [
    { name: 'no tagged running instance', snapshot: region([other('i-12'), tagged('i-13', 'stopped')], []), expect: [{ resource: rootArn() }] },
    { name: 'history unreadable, but nothing needed it', snapshot: inRegion({ 'ec2.instances': ok([other('i-14')]), 'ssm.userSyncResults': denied('ssm:ListCommandInvocations') as never }) },
  ],
  error: [
    { name: 'ListCommandInvocations denied: no verdict on the tagged instances', snapshot: inRegion({ 'ec2.instances': ok([tagged('i-15')]), 'ssm.userSyncResults': denied('ssm:ListCommandInvocations') as never }), expect: [{ resource: instanceArn('i-15'), errorCode: 'AccessDenied' }] },
  ],
})
