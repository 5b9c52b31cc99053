// SSM Automation for the emulator, which has none: the smallest honest stand-in, answering at the HTTP
// boundary through the fault proxy's script hook, in the JSON shapes AWS uses.
//
//   StartAutomationExecution  validates the document exists (guardrail runbooks: installed in the
//                              emulator, read back with GetDocument; AWS-managed ones: known below),
//                              honours ClientToken idempotency, returns an id, and runs it:
//                                - assumes AutomationAssumeRole in the emulator, as Automation does;
//                                - guardrail runbooks: runs the installed document's steps through
//                                  the SDK: aws:executeAwsApi ({{ Parameter }} and {{ Step.Output }}
//                                  substituted; outputs read by definite JSONPath Selectors, absent
//                                  when the path is not in the response), aws:branch (StringEquals
//                                  choices, Default), aws:runCommand, nextStep and isEnd; any other
//                                  action or step option fails the execution before a step runs;
//                                - AWS-managed runbooks: makes the API calls AWS documents for them;
//                              any failing call fails the execution with AWS's error text.
//   aws:runCommand (and associations) run the installed Command document's steps on each instance
//                              the targets select, in order, as SSM Agent does: aws:runShellScript
//                              (the fleet runs the script) and aws:downloadContent with sourceType S3
//                              (the object read from the emulator's S3, written into the instance's
//                              directory for that command, orchestration/<command id>/downloads/, which
//                              is then the next script's working directory; onFailure: exit stops the
//                              instance's remaining steps). Any other action, source type, step option
//                              or precondition than platformType Linux is refused before a step runs.
//   GetAutomationExecution / DescribeAutomationExecutions / StopAutomationExecution  report it.
//
// Test hooks: fail the next execution of a document, hold executions in progress until released.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { AccountClient } from '@aws-sdk/client-account'
import { CloudTrailClient, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail'
import { EC2Client, DescribeInstancesCommand, DescribeSecurityGroupsCommand, ModifyInstanceMetadataOptionsCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2'
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty'
import { DeleteUserPolicyCommand, DetachUserPolicyCommand, IAMClient, ListAttachedUserPoliciesCommand, ListUserPoliciesCommand, ListUsersCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam'
import { EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms'
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub'
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { parse } from 'yaml'
import type { RequestInfo, Script, ScriptedResponse } from './fault-proxy.js'

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
type Parameters = Record<string, string[]>
interface Ctx {
  endpoint: string
  region: string
  credentials: Credentials
  parameters: Parameters
  calls: string[]
  outputs: Record<string, string[]>
  runCommand(input: { DocumentName: string; Targets: { Key: string; Values: string[] }[]; Parameters: Parameters }, ctx: Ctx): Promise<CommandRecord>
}

/** The instances Run Command reaches: the test decides what running a shell script on one means. */
export interface Fleet {
  run(instanceId: string, script: string): Promise<{ exitCode: number; stdout: string; stderr: string }>
  /**
   * The instance's directory for one command (SSM Agent's orchestration/<command id>/), as a path its
   * scripts see too; needed by aws:downloadContent, which writes into its downloads/ subdirectory.
   */
  commandDirectory?(instanceId: string, commandId: string): string
}

/** One step's result on one instance (a CommandPlugin in ListCommandInvocations). */
export interface PluginRecord {
  name: string
  status: 'Success' | 'Failed'
  exitCode: number
  output: string
}

export interface CommandRecord {
  commandId: string
  documentName: string
  requestedAt: number
  parameters: Parameters
  /** output and exitCode are the last step's that ran; plugins has every step that ran (a step after an onFailure: exit failure does not). */
  invocations: { instanceId: string; status: 'Success' | 'Failed'; exitCode: number; output: string; plugins: PluginRecord[] }[]
}

export interface AssociationRecord {
  associationId: string
  associationName: string
  documentName: string
  targets: { Key: string; Values: string[] }[]
  parameters: Parameters
  scheduleExpression?: string
  region: string
  callerKey: string
  version: number
}

export interface ExecutionRecord {
  id: string
  documentName: string
  parameters: Parameters
  region: string
  status: 'InProgress' | 'Success' | 'Failed' | 'Cancelled'
  failureMessage?: string
  startTime: number
  endTime?: number
  /** API calls made, 'service:Operation'. */
  calls: string[]
  clientToken?: string
  /** Step outputs, as GetAutomationExecution reports them ('Step.Output'). */
  outputs: Record<string, string[]>
}

const one = (p: Parameters, name: string): string => {
  const v = p[name]?.[0]
  if (v === undefined) throw Object.assign(new Error(`Parameter ${name} is required`), { name: 'ValidationException' })
  return v
}
const flag = (p: Parameters, name: string): boolean => p[name]?.[0] === 'true'
const client = <C>(Ctor: new (config: object) => C, ctx: Ctx): C => new Ctor({ endpoint: ctx.endpoint, region: ctx.region, credentials: ctx.credentials, maxAttempts: 1 })

/** AWS-managed runbooks: the calls AWS documents for each, made against the emulator. */
const AWS_MANAGED: Record<string, (ctx: Ctx) => Promise<void>> = {
  'AWSConfigRemediation-SetIAMPasswordPolicy': async (ctx) => {
    const p = ctx.parameters
    ctx.calls.push('iam:UpdateAccountPasswordPolicy')
    await client(IAMClient, ctx).send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: Number(one(p, 'MinimumPasswordLength')),
        PasswordReusePrevention: Number(one(p, 'PasswordReusePrevention')),
        RequireUppercaseCharacters: flag(p, 'RequireUppercaseCharacters'),
        RequireLowercaseCharacters: flag(p, 'RequireLowercaseCharacters'),
        RequireNumbers: flag(p, 'RequireNumbers'),
        RequireSymbols: flag(p, 'RequireSymbols'),
        AllowUsersToChangePassword: flag(p, 'AllowUsersToChangePassword'),
        HardExpiry: flag(p, 'HardExpiry'),
      }),
    )
  },
  'AWSConfigRemediation-EnableCloudTrailLogFileValidation': async (ctx) => {
    ctx.calls.push('cloudtrail:UpdateTrail')
    await client(CloudTrailClient, ctx).send(new UpdateTrailCommand({ Name: one(ctx.parameters, 'TrailName'), EnableLogFileValidation: true }))
  },
  'AWSConfigRemediation-EnableCloudTrailEncryptionWithKMS': async (ctx) => {
    ctx.calls.push('cloudtrail:UpdateTrail')
    await client(CloudTrailClient, ctx).send(new UpdateTrailCommand({ Name: one(ctx.parameters, 'TrailName'), KmsKeyId: one(ctx.parameters, 'KMSKeyId') }))
  },
  'AWSConfigRemediation-EnableKeyRotation': async (ctx) => {
    ctx.calls.push('kms:EnableKeyRotation')
    await client(KMSClient, ctx).send(new EnableKeyRotationCommand({ KeyId: one(ctx.parameters, 'KeyId') }))
  },
  'AWSConfigRemediation-EnableSecurityHub': async (ctx) => {
    ctx.calls.push('securityhub:EnableSecurityHub')
    await client(SecurityHubClient, ctx).send(new EnableSecurityHubCommand({ EnableDefaultStandards: flag(ctx.parameters, 'EnableDefaultStandards') }))
  },
  'AWSConfigRemediation-CreateGuardDutyDetector': async (ctx) => {
    ctx.calls.push('guardduty:CreateDetector')
    await client(GuardDutyClient, ctx).send(new CreateDetectorCommand({ Enable: true }))
  },
  'AWSConfigRemediation-ConfigureS3PublicAccessBlock': async (ctx) => {
    const p = ctx.parameters
    ctx.calls.push('s3:PutAccountPublicAccessBlock')
    await client(S3ControlClient, ctx).send(
      new PutPublicAccessBlockCommand({
        AccountId: one(p, 'AccountId'),
        PublicAccessBlockConfiguration: { BlockPublicAcls: flag(p, 'BlockPublicAcls'), IgnorePublicAcls: flag(p, 'IgnorePublicAcls'), BlockPublicPolicy: flag(p, 'BlockPublicPolicy'), RestrictPublicBuckets: flag(p, 'RestrictPublicBuckets') },
      }),
    )
  },
  'AWSConfigRemediation-EnforceEC2InstanceIMDSv2': async (ctx) => {
    ctx.calls.push('ec2:ModifyInstanceMetadataOptions')
    await client(EC2Client, ctx).send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: one(ctx.parameters, 'InstanceId'), HttpTokens: 'required' }))
  },
  'AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules': async (ctx) => {
    const ec2 = client(EC2Client, ctx)
    const groupId = one(ctx.parameters, 'SecurityGroupId')
    ctx.calls.push('ec2:DescribeSecurityGroups')
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0]
    const open = (group?.IpPermissions ?? [])
      .map((p) => ({ ...p, IpRanges: (p.IpRanges ?? []).filter((r) => r.CidrIp === '0.0.0.0/0'), Ipv6Ranges: (p.Ipv6Ranges ?? []).filter((r) => r.CidrIpv6 === '::/0'), UserIdGroupPairs: [], PrefixListIds: [] }))
      .filter((p) => p.IpRanges.length + p.Ipv6Ranges.length > 0)
    if (open.length === 0) return
    ctx.calls.push('ec2:RevokeSecurityGroupIngress')
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: open }))
  },
  'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules': async (ctx) => {
    const ec2 = client(EC2Client, ctx)
    const groupId = one(ctx.parameters, 'GroupId')
    ctx.calls.push('ec2:DescribeSecurityGroups')
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0]
    if (group?.IpPermissions?.length) {
      ctx.calls.push('ec2:RevokeSecurityGroupIngress')
      await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: group.IpPermissions }))
    }
    if (group?.IpPermissionsEgress?.length) {
      ctx.calls.push('ec2:RevokeSecurityGroupEgress')
      await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: group.IpPermissionsEgress }))
    }
  },
  'AWSConfigRemediation-RemoveUserPolicies': async (ctx) => {
    const iam = client(IAMClient, ctx)
    const userId = one(ctx.parameters, 'IAMUserID')
    // AWS resolves the id through AWS Config; the emulator's user list gives the same answer.
    const user = (await iam.send(new ListUsersCommand({}))).Users?.find((u) => u.UserId === userId)
    if (!user?.UserName) throw Object.assign(new Error(`IAM user ${userId} not found`), { name: 'NoSuchEntity' })
    const kind = one(ctx.parameters, 'PolicyType')
    if (kind === 'All' || kind === 'Inline') {
      ctx.calls.push('iam:ListUserPolicies')
      for (const name of (await iam.send(new ListUserPoliciesCommand({ UserName: user.UserName }))).PolicyNames ?? []) {
        ctx.calls.push('iam:DeleteUserPolicy')
        await iam.send(new DeleteUserPolicyCommand({ UserName: user.UserName, PolicyName: name }))
      }
    }
    if (kind === 'All' || kind === 'Managed') {
      ctx.calls.push('iam:ListAttachedUserPolicies')
      for (const p of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: user.UserName }))).AttachedPolicies ?? []) {
        ctx.calls.push('iam:DetachUserPolicy')
        await iam.send(new DetachUserPolicyCommand({ UserName: user.UserName, PolicyArn: p.PolicyArn! }))
      }
    }
  },
}

/** aws:executeAwsApi's Service names → the SDK client of that service. */
const SERVICE_CLIENTS: Record<string, new (config: object) => { send(command: unknown): Promise<unknown> }> = {
  account: AccountClient as never,
  iam: IAMClient as never,
  ec2: EC2Client as never,
}

/** Fails a step as Automation does, with the name AWS reports. */
const stepFailure = (name: string, message: string) => Object.assign(new Error(message), { name })

/**
 * {{ Parameter }} → its value ('' when not given), and in a runbook step (outputs given) {{ Step.Output }}
 * → that output: a reference to an output the earlier step did not produce (its Selector matched
 * nothing) fails the step, as in Automation. Command documents have parameters only.
 */
const substitute = (value: unknown, parameters: Parameters, outputs?: Record<string, string[]>): unknown => {
  const resolve = (whole: string, name: string, output: string | undefined): string => {
    if (output === undefined) return parameters[name]?.[0] ?? ''
    if (outputs === undefined) return whole
    const v = outputs[`${name}.${output}`]?.[0]
    if (v === undefined) throw stepFailure('InvalidAutomationExecutionParametersException', `{{ ${name}.${output} }} has no value: step ${name} produced no output ${output}`)
    return v
  }
  if (typeof value === 'string') return value.replace(/\{\{\s*(\w+)(?:\.(\w+))?\s*\}\}/g, (m: string, name: string, output: string | undefined) => resolve(m, name, output))
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters, outputs))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, parameters, outputs)]))
  return value
}

/**
 * A step output's Selector (a definite path: $.A.B, $.A[0].B) on the SDK response; a path not in the
 * response gives no output (undefined), as in Automation.
 */
function select(response: unknown, selector: string): unknown {
  let at: unknown = response
  for (const [, member, index] of selector.slice(1).matchAll(/\.(\w+)|\[(\d+)\]/g)) {
    if (member !== undefined) at = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[member] : undefined
    else at = Array.isArray(at) ? at[Number(index)] : undefined
    if (at === undefined || at === null) return undefined
  }
  return at
}

interface Step {
  name: string
  action: string
  inputs: Record<string, unknown>
  outputs?: { Name: string; Selector: string; Type?: string }[]
  nextStep?: string
  isEnd?: boolean
}

/** What the double runs; anything else in a step (onFailure, isCritical, maxAttempts, timeoutSeconds, …) it refuses rather than ignores. */
const STEP_KEYS = new Set(['name', 'action', 'inputs', 'outputs', 'nextStep', 'isEnd'])
const BRANCH_CHOICE_KEYS = new Set(['NextStep', 'Variable', 'StringEquals'])
/** Automation stops a runaway execution; the double stops sooner. */
const MAX_STEP_RUNS = 100

const ACTIONS = new Set(['aws:executeAwsApi', 'aws:branch', 'aws:runCommand'])
const SELECTOR = /^\$(\.[A-Za-z_]\w*|\[\d+\])+$/
const WHOLE_REFERENCE = /^\{\{\s*(\w+)(?:\.(\w+))?\s*\}\}$/

/** The whole document, before any step runs: a feature the double does not run is an error, never skipped. */
function checkSupported(steps: Step[]): void {
  for (const step of steps) {
    const where = `step ${step.name}`
    const unsupported = Object.keys(step).filter((k) => !STEP_KEYS.has(k))
    if (unsupported.length > 0) throw new Error(`${where}: the double does not run ${unsupported.join(', ')}`)
    if (!ACTIONS.has(step.action)) throw new Error(`the double runs aws:executeAwsApi, aws:branch and aws:runCommand steps only, not ${step.action}`)
    if (step.outputs !== undefined && step.action !== 'aws:executeAwsApi') throw new Error(`${where}: the double reads outputs of aws:executeAwsApi steps only`)
    for (const output of step.outputs ?? []) {
      if ((output.Type ?? 'String') !== 'String') throw new Error(`${where}: the double supports String outputs only, not ${output.Type}`)
      if (!SELECTOR.test(output.Selector)) throw new Error(`${where}: the double supports definite JSONPath selectors ($.Member, [index]) only, not ${output.Selector}`)
    }
    if (step.action !== 'aws:branch') continue
    if (step.nextStep !== undefined || step.isEnd !== undefined) throw new Error(`aws:branch ${where}: the double supports Choices and Default, not nextStep or isEnd`)
    const { Choices, Default, ...rest } = step.inputs as { Choices?: Record<string, unknown>[]; Default?: unknown }
    if (Object.keys(rest).length > 0 || !Array.isArray(Choices) || Choices.length === 0 || (Default !== undefined && typeof Default !== 'string')) throw new Error(`aws:branch ${where}: the double supports inputs Choices (one or more) and Default only`)
    for (const choice of Choices) {
      const other = Object.keys(choice).filter((k) => !BRANCH_CHOICE_KEYS.has(k))
      if (other.length > 0 || typeof choice.StringEquals !== 'string' || typeof choice.NextStep !== 'string') throw new Error(`aws:branch ${where}: the double supports choices of NextStep, Variable and StringEquals only, not ${other.join(', ') || JSON.stringify(choice)}`)
      if (!WHOLE_REFERENCE.test(String(choice.Variable))) throw new Error(`aws:branch ${where}: Variable must be one {{ Parameter }} or {{ Step.Output }}, not ${String(choice.Variable)}`)
    }
  }
}

/** aws:branch: the first choice whose Variable equals StringEquals, else Default, else the next step. An absent output equals nothing. */
function branch(step: Step, parameters: Parameters, outputs: Record<string, string[]>): string | undefined {
  const { Choices, Default } = step.inputs as { Choices: { NextStep: string; Variable: string; StringEquals: string }[]; Default?: string }
  for (const choice of Choices) {
    const ref = WHOLE_REFERENCE.exec(choice.Variable)!
    const value = ref[2] === undefined ? parameters[ref[1]!]?.[0] : outputs[`${ref[1]}.${ref[2]}`]?.[0]
    if (value !== undefined && value === choice.StringEquals) return choice.NextStep
  }
  return Default
}

async function runOwnRunbook(content: string, ctx: Ctx): Promise<void> {
  const doc = parse(content) as { parameters?: Record<string, { default?: string }>; mainSteps: Step[] }
  const parameters: Parameters = { ...Object.fromEntries(Object.entries(doc.parameters ?? {}).flatMap(([k, v]) => (v.default !== undefined ? [[k, [String(v.default)]]] : []))), ...ctx.parameters }
  const steps = doc.mainSteps
  checkSupported(steps)
  const at = (name: string, from: Step): number => {
    const i = steps.findIndex((s) => s.name === name)
    if (i < 0) throw new Error(`step ${from.name} goes to ${name}, which the document does not have`)
    return i
  }
  let runs = 0
  for (let i = 0; i < steps.length; ) {
    const step = steps[i]!
    if (++runs > MAX_STEP_RUNS) throw new Error(`more than ${MAX_STEP_RUNS} steps run: the document loops`)
    if (step.action === 'aws:branch') {
      const next = branch(step, parameters, ctx.outputs)
      i = next === undefined ? i + 1 : at(next, step)
      continue
    }
    if (step.action === 'aws:runCommand') {
      const inputs = substitute(step.inputs, parameters, ctx.outputs) as { DocumentName: string; Targets: { Key: string; Values: string[] }[]; Parameters: Record<string, string> }
      const command = await ctx.runCommand({ DocumentName: inputs.DocumentName, Targets: inputs.Targets, Parameters: Object.fromEntries(Object.entries(inputs.Parameters ?? {}).map(([k, v]) => [k, [v]])) }, ctx)
      ctx.outputs[`${step.name}.CommandId`] = [command.commandId]
      const failed = command.invocations.filter((i) => i.status !== 'Success')
      if (failed.length > 0) throw Object.assign(new Error(`${failed.length} of ${command.invocations.length} instance(s) failed: ${failed.map((f) => f.instanceId).join(', ')}`), { name: 'CommandFailed' })
    } else if (step.action === 'aws:executeAwsApi') {
      const { Service, Api, ...inputs } = step.inputs as { Service: string; Api: string } & Record<string, unknown>
      const Client = SERVICE_CLIENTS[Service]
      if (!Client) throw Object.assign(new Error(`${Service} is not available in the emulator`), { name: 'InvalidAutomationExecutionParametersException' })
      const module = (await import(`@aws-sdk/client-${Service}`)) as Record<string, new (input: unknown) => unknown>
      const Command = module[`${Api}Command`]
      if (!Command) throw new Error(`no ${Api} in @aws-sdk/client-${Service}`)
      const input = substitute(inputs, parameters, ctx.outputs)
      ctx.calls.push(`${Service}:${Api}`)
      const response = await new Client({ endpoint: ctx.endpoint, region: ctx.region, credentials: ctx.credentials, maxAttempts: 1 }).send(new Command(input))
      for (const output of step.outputs ?? []) {
        const value = select(response, output.Selector)
        if (value === undefined) continue
        if (typeof value === 'object') throw new Error(`step ${step.name}: output ${output.Name} selects ${Array.isArray(value) ? 'a list' : 'an object'}, not a String`)
        ctx.outputs[`${step.name}.${output.Name}`] = [String(value)]
      }
    }
    if (step.isEnd === true) return
    i = step.nextStep !== undefined ? at(step.nextStep, step) : i + 1
  }
}

/** A Command document's step, as the double runs it on an instance. */
interface CommandStep {
  action: string
  name: string
  precondition?: unknown
  inputs: Record<string, unknown>
}

const COMMAND_STEP_KEYS = new Set(['action', 'name', 'precondition', 'inputs'])
const SHELL_INPUTS = new Set(['runCommand', 'timeoutSeconds'])
/** SSM Agent decodes aws:downloadContent's inputs case-insensitively (Go's encoding/json): sourceType and SourceType are the same input. */
const DOWNLOAD_INPUTS = new Set(['sourcetype', 'sourceinfo', 'destinationpath', 'onfailure'])

/** The whole Command document, before it runs anywhere: a feature the double does not emulate is an error, never skipped. */
function checkCommandSteps(documentName: string, steps: CommandStep[]): void {
  if (steps.length === 0) throw new Error(`${documentName} has no steps`)
  for (const step of steps) {
    const where = `${documentName} step ${step.name}`
    const unsupported = Object.keys(step).filter((k) => !COMMAND_STEP_KEYS.has(k))
    if (unsupported.length > 0) throw new Error(`${where}: the double does not run ${unsupported.join(', ')}`)
    if (step.precondition !== undefined && JSON.stringify(step.precondition) !== JSON.stringify({ StringEquals: ['platformType', 'Linux'] })) {
      throw new Error(`${where}: the double's fleet is Linux; it evaluates no precondition but StringEquals [platformType, Linux], not ${JSON.stringify(step.precondition)}`)
    }
    if (step.action === 'aws:runShellScript') {
      const other = Object.keys(step.inputs).filter((k) => !SHELL_INPUTS.has(k))
      if (other.length > 0) throw new Error(`${where}: the double runs aws:runShellScript inputs runCommand and timeoutSeconds only, not ${other.join(', ')}`)
      if (!Array.isArray(step.inputs.runCommand)) throw new Error(`${where}: runCommand must be a list of lines`)
    } else if (step.action === 'aws:downloadContent') {
      const other = Object.keys(step.inputs).filter((k) => !DOWNLOAD_INPUTS.has(k.toLowerCase()))
      if (other.length > 0) throw new Error(`${where}: the double runs aws:downloadContent inputs sourceType, sourceInfo, destinationPath and onFailure only, not ${other.join(', ')}`)
      const onFailure = downloadInput(step.inputs, 'onFailure')
      if (onFailure !== undefined && onFailure !== 'exit') throw new Error(`${where}: the double supports onFailure: exit only, not ${onFailure}`)
    } else {
      throw new Error(`${where}: the double runs aws:runShellScript and aws:downloadContent steps only, not ${step.action}`)
    }
  }
}

function downloadInput(inputs: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(inputs).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : String(inputs[key])
}

/**
 * aws:downloadContent's S3 location, as SSM Agent reads sourceInfo's path: path style
 * (https://s3[.-]<region>.amazonaws.com[.cn]/<bucket>/<key>, or s3.amazonaws.com for us-east-1) or
 * virtual-hosted style (https://<bucket>.s3[.-]<region>.amazonaws.com[.cn]/<key>).
 */
function s3Location(path: string): { bucket: string; key: string; region: string } | undefined {
  let url: URL
  try {
    url = new URL(path)
  } catch {
    return undefined
  }
  const host = /^(?:(.+)\.)?s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?$/.exec(url.hostname)
  if (url.protocol !== 'https:' || !host) return undefined
  const region = host[2] ?? 'us-east-1'
  const parts = url.pathname.slice(1).split('/')
  const [bucket, key] = host[1] !== undefined ? [host[1], parts.join('/')] : [parts[0] ?? '', parts.slice(1).join('/')]
  if (bucket === '' || key === '') return undefined
  return { bucket, key: decodeURIComponent(key), region }
}

export interface AutomationDouble {
  script: Script
  readonly executions: ExecutionRecord[]
  readonly commands: CommandRecord[]
  readonly associations: AssociationRecord[]
  /** What State Manager does at an instance's boot and on each schedule tick: every association runs on the instances its targets select now. */
  runAssociations(): Promise<CommandRecord[]>
  /** Resolves when no execution is running. */
  idle(): Promise<void>
  /** The next execution of `documentName` fails with `message` (before making any call). */
  failNext(documentName: string, message: string): void
  /** Executions stay InProgress until release(). */
  hold(): void
  release(): void
}

const json = (status: number, body: unknown, type?: string): ScriptedResponse => ({
  status,
  body: JSON.stringify(type ? { __type: type, message: (body as { message: string }).message } : body),
  contentType: 'application/x-amz-json-1.1',
})

export function automationDouble(options: { emulator: string; fleet?: Fleet }): AutomationDouble {
  const executions: ExecutionRecord[] = []
  const commands: CommandRecord[] = []
  const associations: AssociationRecord[] = []
  let lastRequested = 0

  /**
   * aws:downloadContent of an S3 object on one instance. In AWS the agent reads it with the instance
   * profile's credentials; the emulator checks none, so the caller's are used. Where SSM Agent would
   * fail the step (no such object, a malformed location), the step fails; what the double does not
   * emulate (other source types, directories, absolute destinations) throws before any instance runs.
   */
  async function download(inputs: Record<string, unknown>, instanceId: string, commandId: string, ctx: Ctx): Promise<Omit<PluginRecord, 'name'>> {
    const failed = (output: string) => ({ status: 'Failed' as const, exitCode: 1, output })
    let path: unknown
    try {
      path = (JSON.parse(downloadInput(inputs, 'sourceInfo') ?? '') as { path?: unknown }).path
    } catch (err) {
      return failed(`Source Info could not be unmarshalled for source type S3: ${(err as Error).message}`)
    }
    const where = typeof path === 'string' ? s3Location(path.trim()) : undefined
    if (!where) return failed(`invalid S3 path parameter: ${String(path)}`)
    const directory = options.fleet?.commandDirectory?.(instanceId, commandId)
    if (directory === undefined) throw new Error('aws:downloadContent: the fleet keeps no per-command directories (Fleet.commandDirectory), so the double cannot put content on its instances')
    const downloads = join(directory, 'downloads')
    const destination = downloadInput(inputs, 'destinationPath') ?? ''
    let file = join(downloads, destination)
    if (destination === '' || destination.endsWith('/') || (existsSync(file) && statSync(file).isDirectory())) file = join(file, basename(where.key))
    try {
      const got = await new S3Client({ endpoint: ctx.endpoint, region: where.region, credentials: ctx.credentials, forcePathStyle: true, maxAttempts: 1 }).send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }))
      const bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array()
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, bytes)
    } catch (err) {
      const e = err as { name?: string; message?: string }
      return failed(`failed to download s3://${where.bucket}/${where.key}: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`)
    }
    return { status: 'Success', exitCode: 0, output: `Content downloaded to ${file}` }
  }

  /** Run Command: the instances carrying the tag (from the emulator's EC2), the document's steps run on each, in order. */
  async function runCommand(input: { DocumentName: string; Targets: { Key: string; Values: string[] }[]; Parameters: Parameters }, ctx: Ctx): Promise<CommandRecord> {
    const filters = input.Targets.map((t) => ({ Name: t.Key, Values: t.Values }))
    ctx.calls.push('ec2:DescribeInstances')
    const reservations = (await client(EC2Client, ctx).send(new DescribeInstancesCommand({ Filters: [...filters, { Name: 'instance-state-name', Values: ['running'] }] }))).Reservations ?? []
    const instanceIds = reservations.flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId!)).sort()
    ctx.calls.push('ssm:GetDocument')
    const content = (await client(SSMClient, ctx).send(new GetDocumentCommand({ Name: input.DocumentName, DocumentFormat: 'YAML' }))).Content ?? ''
    const doc = parse(content) as { mainSteps: CommandStep[] }
    checkCommandSteps(input.DocumentName, doc.mainSteps)
    // Parameters are the same on every instance: substituted once, and a source type the double
    // cannot fetch is refused here, before any instance runs anything.
    const steps = doc.mainSteps.map((step) => ({ ...step, inputs: substitute(step.inputs, input.Parameters) as Record<string, unknown> }))
    for (const step of steps) {
      if (step.action !== 'aws:downloadContent') continue
      const sourceType = downloadInput(step.inputs, 'sourceType')
      if (sourceType !== 'S3') throw new Error(`${input.DocumentName} step ${step.name}: the double downloads sourceType S3 only, not ${sourceType ?? '(none)'}`)
      const destination = downloadInput(step.inputs, 'destinationPath') ?? ''
      if (isAbsolute(destination) || destination.split('/').includes('..')) throw new Error(`${input.DocumentName} step ${step.name}: the double writes downloads inside the command's directory only, not to ${destination}`)
      const path = (() => {
        try {
          return String((JSON.parse(downloadInput(step.inputs, 'sourceInfo') ?? '') as { path?: unknown }).path ?? '')
        } catch {
          return ''
        }
      })()
      if (path.trim().endsWith('/')) throw new Error(`${input.DocumentName} step ${step.name}: the double downloads single objects only, not the folder ${path}`)
    }
    // Strictly increasing, so "newest first" is well defined even within one millisecond.
    lastRequested = Math.max(Date.now() / 1000, lastRequested + 0.001)
    const record: CommandRecord = { commandId: randomUUID(), documentName: input.DocumentName, requestedAt: lastRequested, parameters: input.Parameters, invocations: [] }
    commands.push(record)
    ctx.calls.push('ssm:SendCommand')
    for (const instanceId of instanceIds) {
      if (!options.fleet) throw new Error('no fleet: the double cannot run commands on instances')
      const plugins: PluginRecord[] = []
      for (const step of steps) {
        if (step.action === 'aws:downloadContent') {
          const got = await download(step.inputs, instanceId, record.commandId, ctx)
          plugins.push({ ...got, name: step.name })
          // onFailure: exit — the instance's remaining steps do not run (the agent reports them skipped; the double leaves them out).
          if (got.status === 'Failed' && downloadInput(step.inputs, 'onFailure') === 'exit') break
          continue
        }
        // aws:runShellScript runs in the command's downloads directory once there is one, as SSM Agent does.
        const downloads = options.fleet.commandDirectory ? join(options.fleet.commandDirectory(instanceId, record.commandId), 'downloads') : undefined
        const cd = downloads !== undefined && existsSync(downloads) ? `cd '${downloads.replace(/'/g, "'\\''")}' || exit 1\n` : ''
        const ran = await options.fleet.run(instanceId, cd + (step.inputs.runCommand as string[]).join('\n'))
        plugins.push({ name: step.name, status: ran.exitCode === 0 ? 'Success' : 'Failed', exitCode: ran.exitCode, output: ran.stdout })
      }
      const last = plugins[plugins.length - 1]!
      record.invocations.push({ instanceId, status: plugins.every((p) => p.status === 'Success') ? 'Success' : 'Failed', exitCode: last.exitCode, output: last.output, plugins })
    }
    return record
  }
  const running = new Set<Promise<void>>()
  const failures = new Map<string, string>()
  let held: Promise<void> | undefined
  let releaseHold: (() => void) | undefined

  async function execute(record: ExecutionRecord, callerKey: string): Promise<void> {
    const caller: Ctx = { endpoint: options.emulator, region: record.region, credentials: { accessKeyId: callerKey, secretAccessKey: 'automation-double' }, parameters: record.parameters, calls: record.calls, outputs: record.outputs, runCommand }
    try {
      if (held) await held
      const failure = failures.get(record.documentName)
      if (failure !== undefined) {
        failures.delete(record.documentName)
        throw new Error(failure)
      }
      // Automation runs as AutomationAssumeRole, as in AWS.
      const roleArn = record.parameters.AutomationAssumeRole?.[0]
      let ctx = caller
      if (roleArn) {
        record.calls.push('sts:AssumeRole')
        const out = await client(STSClient, caller).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `Automation-${record.id.slice(0, 8)}` }))
        const c = out.Credentials!
        ctx = { ...caller, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) } }
      }
      const managed = AWS_MANAGED[record.documentName]
      if (managed) await managed(ctx)
      else {
        const content = (await client(SSMClient, caller).send(new GetDocumentCommand({ Name: record.documentName, DocumentFormat: 'YAML' }))).Content ?? ''
        await runOwnRunbook(content, ctx)
      }
      record.status = 'Success'
    } catch (err) {
      record.status = 'Failed'
      const e = err as { name?: string; message?: string }
      record.failureMessage = `Step fails when it is Execute/Invoking API. An error occurred (${e.name ?? 'Error'}): ${e.message ?? String(err)}`
    } finally {
      record.endTime = Date.now() / 1000
    }
  }

  function describeAssociation(a: AssociationRecord) {
    return { AssociationId: a.associationId, AssociationName: a.associationName, Name: a.documentName, Targets: a.targets, Parameters: a.parameters, ScheduleExpression: a.scheduleExpression, AssociationVersion: String(a.version) }
  }

  function describe(r: ExecutionRecord) {
    return {
      AutomationExecutionId: r.id,
      DocumentName: r.documentName,
      DocumentVersion: '1',
      AutomationExecutionStatus: r.status,
      ExecutionStartTime: r.startTime,
      ...(r.endTime !== undefined ? { ExecutionEndTime: r.endTime } : {}),
      Parameters: r.parameters,
      Outputs: r.outputs,
      ...(r.failureMessage !== undefined ? { FailureMessage: r.failureMessage } : {}),
      Mode: 'Auto',
      StepExecutions: [],
    }
  }

  const script: Script = (info: RequestInfo, body: string) => {
    if (info.service !== 'ssm') return undefined
    const input = (body === '' ? {} : JSON.parse(body)) as Record<string, unknown>
    switch (info.action) {
      case 'StartAutomationExecution': {
        const documentName = String(input.DocumentName ?? '')
        const token = typeof input.ClientToken === 'string' ? input.ClientToken : undefined
        const again = token !== undefined ? executions.find((e) => e.clientToken === token) : undefined
        if (again) return json(200, { AutomationExecutionId: again.id })
        if (!AWS_MANAGED[documentName] && !documentName.startsWith('Guardrail-')) return json(400, { message: `Document with name ${documentName} does not exist.` }, 'InvalidDocument')
        const record: ExecutionRecord = { id: randomUUID(), documentName, parameters: (input.Parameters ?? {}) as Parameters, region: info.region ?? 'us-east-1', status: 'InProgress', startTime: Date.now() / 1000, calls: [], outputs: {}, ...(token !== undefined ? { clientToken: token } : {}) }
        executions.push(record)
        const run = execute(record, info.accessKeyId ?? 'testing').finally(() => running.delete(run))
        running.add(run)
        return json(200, { AutomationExecutionId: record.id })
      }
      case 'GetAutomationExecution': {
        const r = executions.find((e) => e.id === input.AutomationExecutionId)
        return r ? json(200, { AutomationExecution: describe(r) }) : json(400, { message: `Execution ${String(input.AutomationExecutionId)} does not exist.` }, 'AutomationExecutionNotFoundException')
      }
      case 'CreateAssociation': {
        const record: AssociationRecord = {
          associationId: randomUUID(),
          associationName: String(input.AssociationName ?? ''),
          documentName: String(input.Name ?? ''),
          targets: (input.Targets ?? []) as AssociationRecord['targets'],
          parameters: (input.Parameters ?? {}) as Parameters,
          ...(typeof input.ScheduleExpression === 'string' ? { scheduleExpression: input.ScheduleExpression } : {}),
          region: info.region ?? 'us-east-1',
          callerKey: info.accessKeyId ?? 'testing',
          version: 1,
        }
        associations.push(record)
        return json(200, { AssociationDescription: describeAssociation(record) })
      }
      case 'UpdateAssociation': {
        const record = associations.find((a) => a.associationId === input.AssociationId)
        if (!record) return json(400, { message: `Association ${String(input.AssociationId)} does not exist.` }, 'AssociationDoesNotExist')
        if (typeof input.Name === 'string') record.documentName = input.Name
        if (input.Parameters) record.parameters = input.Parameters as Parameters
        if (input.Targets) record.targets = input.Targets as AssociationRecord['targets']
        if (typeof input.ScheduleExpression === 'string') record.scheduleExpression = input.ScheduleExpression
        record.version++
        return json(200, { AssociationDescription: describeAssociation(record) })
      }
      case 'ListAssociations': {
        const filters = (input.AssociationFilterList ?? []) as { key: string; value: string }[]
        const name = filters.find((f) => f.key === 'AssociationName')?.value
        return json(200, { Associations: associations.filter((a) => a.region === info.region && (name === undefined || a.associationName === name)).map((a) => ({ AssociationId: a.associationId, AssociationName: a.associationName, Name: a.documentName, Targets: a.targets, AssociationVersion: String(a.version) })) })
      }
      case 'ListCommands': {
        const filters = (input.Filters ?? []) as { key: string; value: string }[]
        const wanted = filters.find((f) => f.key === 'DocumentName')?.value
        const list = commands.filter((c) => wanted === undefined || c.documentName === wanted).sort((a, b) => b.requestedAt - a.requestedAt)
        return json(200, { Commands: list.map((c) => ({ CommandId: c.commandId, DocumentName: c.documentName, RequestedDateTime: c.requestedAt, Status: c.invocations.every((i) => i.status === 'Success') ? 'Success' : 'Failed', TargetCount: c.invocations.length })) })
      }
      case 'ListCommandInvocations': {
        const filters = (input.Filters ?? []) as { key: string; value: string }[]
        const documentName = filters.find((f) => f.key === 'DocumentName')?.value
        const chosen = input.CommandId !== undefined ? commands.filter((x) => x.commandId === input.CommandId) : commands.filter((x) => documentName === undefined || x.documentName === documentName)
        const details = input.Details === true
        const rows = [...chosen]
          .sort((a, b) => b.requestedAt - a.requestedAt)
          .flatMap((c) =>
            c.invocations.map((i) => ({
              CommandId: c.commandId,
              InstanceId: i.instanceId,
              DocumentName: c.documentName,
              Status: i.status,
              RequestedDateTime: c.requestedAt,
              ...(details ? { CommandPlugins: i.plugins.map((p) => ({ Name: p.name, Status: p.status, ResponseCode: p.exitCode, Output: p.output })) } : {}),
            })),
          )
        return json(200, { CommandInvocations: rows })
      }
      case 'DescribeAutomationExecutions':
        return json(200, { AutomationExecutionMetadataList: executions.map((r) => ({ ...describe(r), LogFile: '' })) })
      case 'StopAutomationExecution': {
        const r = executions.find((e) => e.id === input.AutomationExecutionId)
        if (r && r.status === 'InProgress') r.status = 'Cancelled'
        return json(200, {})
      }
      default:
        return undefined
    }
  }

  return {
    script,
    executions,
    commands,
    associations,
    async runAssociations() {
      const ran: CommandRecord[] = []
      for (const a of associations) {
        const ctx: Ctx = { endpoint: options.emulator, region: a.region, credentials: { accessKeyId: a.callerKey, secretAccessKey: 'automation-double' }, parameters: a.parameters, calls: [], outputs: {}, runCommand }
        ran.push(await runCommand({ DocumentName: a.documentName, Targets: a.targets, Parameters: a.parameters }, ctx))
      }
      return ran
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running])
    },
    failNext(documentName, message) {
      failures.set(documentName, message)
    },
    hold() {
      held = new Promise((resolve) => (releaseHold = resolve))
    },
    release() {
      releaseHold?.()
      held = undefined
    },
  }
}
