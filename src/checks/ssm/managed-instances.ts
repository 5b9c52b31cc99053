import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'ssm.managed-instances',
  title: 'Every running EC2 instance is managed by Systems Manager and online',
  description:
    "Compares the region's running EC2 instances (DescribeInstances) with the nodes registered with Systems Manager (DescribeInstanceInformation). One finding per running instance: it passes when the instance is registered and its ping status is Online; it fails when it is not registered at all (no SSM Agent, no instance profile with the Systems Manager permissions, or no route to the Systems Manager endpoints) or when it is registered but ConnectionLost or Inactive. Instances that are not running are not judged. Without a running instance the check is not applicable.",
  rationale:
    'An instance Systems Manager cannot reach cannot be opened with Session Manager, patched or inventoried; it is the one that still needs an SSH key and an open port 22, and the one nobody patches (Security Hub SSM.1).',
  remediation:
    'Attach an instance profile whose role has AmazonSSMManagedInstanceCore (`aws ec2 associate-iam-instance-profile --instance-id <id> --iam-instance-profile Name=<profile>`), make sure SSM Agent is installed and running (it is on Amazon Linux and most AWS-provided AMIs), and give the instance a route to the ssm, ssmmessages and ec2messages endpoints (NAT or VPC interface endpoints). Or turn on Default Host Management Configuration: Systems Manager console → Fleet Manager → Account management → Configure Default Host Management Configuration.',
  scope: 'region',
  requires: ['ec2.instances'],
  // Read through acrossRegions (this region's entry only) rather than `requires`, so that the
  // engine does not gate on it: a region without running instances is not applicable even when
  // DescribeInstanceInformation failed there, and the failure is an error only where it mattered.
  acrossRegions: ['ssm.managedInstances'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const running = ctx.read('ec2.instances').filter((i) => i.state === 'running')
    if (running.length === 0) {
      ctx.notApplicable(ctx.accountArn, `No running EC2 instance in ${ctx.region}`)
      return
    }
    const nodes = ctx.readAllRegions('ssm.managedInstances').find((r) => r.region === ctx.region)?.slice
    if (nodes === undefined || nodes.kind === 'unreadable') {
      const error = nodes?.kind === 'unreadable' ? nodes.error : { code: 'NotCollected', message: `ssm.managedInstances was not collected in ${ctx.region}` }
      for (const instance of running) ctx.error(instance.arn, `Could not tell whether ${instance.instanceId} is managed: ${error.message}`, error.code)
      return
    }
    const managed = new Map(nodes.value.map((m) => [m.instanceId, m]))
    for (const instance of running) {
      const node = managed.get(instance.instanceId)
      if (!node) {
        ctx.fail(instance.arn, `${instance.instanceId} is running but not registered with Systems Manager`, {
          evidence: { instanceId: instance.instanceId, state: instance.state, instanceProfileArn: instance.instanceProfileArn ?? null, managed: false },
        })
        continue
      }
      const evidence = { instanceId: instance.instanceId, state: instance.state, managed: true, pingStatus: node.pingStatus, lastPingDateTime: node.lastPingDateTime ?? null, agentVersion: node.agentVersion ?? null, platformType: node.platformType ?? null }
      if (node.pingStatus === 'Online') ctx.pass(instance.arn, `${instance.instanceId} is managed by Systems Manager and online`, { evidence })
      else ctx.fail(instance.arn, `${instance.instanceId} is registered with Systems Manager but its agent is ${node.pingStatus}`, { evidence })
    }
  },
})
