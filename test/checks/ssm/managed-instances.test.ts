// Table test for ssm.managed-instances (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/managed-instances.js'
import type { Instance } from '../../../src/snapshot/ec2.js'
import type { ManagedInstance } from '../../../src/snapshot/ssm.js'
import { ok } from '../../../src/snapshot/readable.js'
import { denied, rootArn } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { inRegion, instanceArn } from './support.js'

const instance = (id: string, state = 'running'): Instance => ({ instanceId: id, arn: instanceArn(id), state, tags: {} })
const node = (id: string, pingStatus = 'Online'): ManagedInstance => ({ instanceId: id, pingStatus, resourceType: 'EC2Instance', platformType: 'Linux', agentVersion: '3.3.0.0' })
const region = (instances: Instance[], nodes: ManagedInstance[]) => inRegion({ 'ec2.instances': ok(instances), 'ssm.managedInstances': ok(nodes) })

checkCases(check, {
  pass: [
    { name: 'a running instance, managed and online', snapshot: region([instance('i-1')], [node('i-1')]), expect: [{ resource: instanceArn('i-1'), evidence: expect.objectContaining({ pingStatus: 'Online' }) }] },
    { name: 'stopped instances are not judged, managed on-premises nodes are ignored', snapshot: region([instance('i-2'), instance('i-3', 'stopped')], [node('i-2'), node('mi-0123456789abcdef0')]) },
  ],
  fail: [
    {
      name: 'a running instance that is not managed (beside a managed one)',
      snapshot: region([instance('i-4'), instance('i-5')], [node('i-4')]),
      expect: [{ resource: instanceArn('i-5'), evidence: expect.objectContaining({ managed: false }) }],
    },
    { name: 'managed but its agent lost the connection', snapshot: region([instance('i-6')], [node('i-6', 'ConnectionLost')]), expect: [{ resource: instanceArn('i-6'), message: expect.stringContaining('ConnectionLost') }] },
    { name: 'managed but Inactive', snapshot: region([instance('i-7')], [node('i-7', 'Inactive')]), expect: [{ resource: instanceArn('i-7') }] },
  ],
  not_applicable: [
    { name: 'no instance in the region', snapshot: region([], [node('mi-0123456789abcdef0')]), expect: [{ resource: rootArn() }] },
    { name: 'only stopped or pending instances', snapshot: region([instance('i-8', 'stopped'), instance('i-9', 'pending')], []) },
    {
      name: 'DescribeInstanceInformation denied in a region without running instances: nothing needed it',
      snapshot: inRegion({ 'ec2.instances': ok([instance('i-11', 'stopped')]), 'ssm.managedInstances': denied('ssm:DescribeInstanceInformation') as never }),
    },
  ],
  error: [
    {
      name: 'DescribeInstanceInformation denied: no verdict on the running instances',
      snapshot: inRegion({ 'ec2.instances': ok([instance('i-10')]), 'ssm.managedInstances': denied('ssm:DescribeInstanceInformation') as never }),
      expect: [{ resource: instanceArn('i-10'), errorCode: 'AccessDenied' }],
    },
    { name: 'managed instances not collected at all', snapshot: inRegion({ 'ec2.instances': ok([instance('i-12')]) }), expect: [{ resource: instanceArn('i-12'), errorCode: 'NotCollected' }] },
    { name: 'DescribeInstances denied', snapshot: inRegion({ 'ec2.instances': denied('ec2:DescribeInstances') as never, 'ssm.managedInstances': ok([]) }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
