// The scan path cannot write: every client built by a session refuses any operation that is not a
// registered read, before anything is serialized or sent.
import { CreateAccountCommand } from '@aws-sdk/client-organizations'
import { PutAlternateContactCommand } from '@aws-sdk/client-account'
import { RunInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateUserCommand, IAMClient, ListUsersCommand, ListServerCertificatesCommand } from '@aws-sdk/client-iam'
import { GetSessionTokenCommand } from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { ApiCallCounter } from '../../src/aws/call-counter.js'
import { installScanMiddleware } from '../../src/aws/guard.js'
import { createSession, type AwsSession } from '../../src/aws/session.js'
import { WriteRefusedError } from '../../src/core/errors.js'
import { useEmulator } from '../support/emulator.js'

const env = useEmulator({ awsManagedPolicies: true })
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }

/** Forwards to the real HTTP handler and remembers every request that left the process. */
function recordingHandler(): { handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>; sent: HttpRequest[] } {
  const inner = new NodeHttpHandler()
  const sent: HttpRequest[] = []
  return {
    sent,
    handler: {
      handle(request, options) {
        sent.push(request)
        return inner.handle(request as never, options) as never
      },
    },
  }
}

function guardedSession(handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>, counter = new ApiCallCounter()): AwsSession {
  return createSession({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1, counter, requestHandler: handler })
}

async function refusal(promise: Promise<unknown>): Promise<WriteRefusedError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(WriteRefusedError)
  return err as WriteRefusedError
}

describe('read-only guard', () => {
  let moto: IAMClient
  beforeAll(() => {
    moto = new IAMClient({ region: 'us-east-1', credentials, endpoint: env.endpoint, maxAttempts: 1 })
  })

  it('refuses iam:CreateUser with WriteRefusedError; no HTTP request leaves the process and moto has no user', async () => {
    const { handler, sent } = recordingHandler()
    const counter = new ApiCallCounter()
    const session = guardedSession(handler, counter)

    const err = await refusal(session.client('iam').send(new CreateUserCommand({ UserName: 'mallory' })))
    expect(err.code).toBe('WriteRefused')
    expect(err.message).toContain('iam:CreateUser')
    expect(sent).toHaveLength(0)
    expect(counter.totalCalls()).toBe(0)

    // The same client does reach moto for a registered read, so the zero above is meaningful.
    await session.client('iam').send(new ListServerCertificatesCommand({}))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.hostname).toBe('127.0.0.1')
    expect(counter.byOperation()).toEqual({ 'iam:ListServerCertificates': 1 })

    const { Users } = await moto.send(new ListUsersCommand({}))
    expect(Users ?? []).toEqual([])
  })

  it('refuses reads that are not registered too (the registry is an allow-list, not a deny-list)', async () => {
    const { handler, sent } = recordingHandler()
    const session = guardedSession(handler)
    const err = await refusal(session.client('iam').send(new ListUsersCommand({})))
    expect(err.message).toContain('iam:ListUsers')
    expect(sent).toHaveLength(0)
  })

  it('guards every service client the session builds', async () => {
    const { handler, sent } = recordingHandler()
    const session = guardedSession(handler)
    const attempts: [string, Promise<unknown>][] = [
      ['sts:GetSessionToken', session.client('sts').send(new GetSessionTokenCommand({}))],
      ['organizations:CreateAccount', session.client('organizations').send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }))],
      ['account:PutAlternateContact', session.client('account').send(new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', EmailAddress: 'a@example.com', Name: 'a', PhoneNumber: '1', Title: 't' }))],
      ['ec2:RunInstances', session.client('ec2').send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 }))],
    ]
    for (const [name, attempt] of attempts) {
      const err = await refusal(attempt)
      expect(err.message).toContain(name)
    }
    expect(sent).toHaveLength(0)
  })

  it('installScanMiddleware guards a client built outside the session factory', async () => {
    const { handler, sent } = recordingHandler()
    const client = installScanMiddleware(new IAMClient({ region: 'us-east-1', credentials, endpoint: env.endpoint, requestHandler: handler }), 'iam', new ApiCallCounter())
    await refusal(client.send(new CreateUserCommand({ UserName: 'mallory' })))
    expect(sent).toHaveLength(0)
  })

  it('checks operations against the service the client was built for, not just the name', async () => {
    // GetCallerIdentity is a registered sts read; an IAM-guarded client must not accept an
    // operation of that name as if it were iam:GetCallerIdentity.
    const { handler } = recordingHandler()
    const session = guardedSession(handler)
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
    // Route an STS command through an IAM client: the guard sees service 'iam'.
    const err = await refusal(session.client('iam').send(new GetCallerIdentityCommand({}) as never))
    expect(err.message).toContain('iam:GetCallerIdentity')
  })
})
