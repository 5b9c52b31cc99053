// A failure to reach AWS is not a credentials problem. classifyAwsFailure tells a closed port, a DNS
// failure, a timeout, a proxy's 502, a missing profile, missing and rejected credentials apart, and
// `guardrail scan` prints the matching message and hint with exit 2 — never "configure credentials"
// for a network problem, never exit 70.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { classifyAwsFailure, NO_CREDENTIALS_HINT, REJECTED_CREDENTIALS_HINT, type AwsFailureContext } from '../../src/aws/failure-hints.js'
import { runCli, tempDir } from './helpers.js'

const SECRET = 'GuardrailFailureHintsSecret0123456789'

/** A Node network error as the SDK rethrows it: errno fields plus the SDK's $metadata. */
function networkError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect', $metadata: { attempts: 1, totalRetryDelay: 0 }, ...extra })
}

/** A service error the SDK could not match to a modelled AWS error (what a proxy's 502 page gives). */
function unmodelledError(status: number, name = 'Unknown', message = 'Unknown'): Error {
  return Object.assign(new Error(message), { name, $fault: 'server', $retryable: undefined, $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 } })
}

function credentialsProviderError(message = 'Could not load credentials from any providers'): Error {
  return Object.assign(new Error(message), { name: 'CredentialsProviderError', tryNextLink: false })
}

const noFiles: AwsFailureContext = { env: {}, readFile: () => undefined }

describe('classifyAwsFailure', () => {
  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566'],
    ['ECONNRESET', 'socket hang up'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND sts.example.invalid'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN sts.amazonaws.com'],
    ['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:443'],
  ])('%s is a network failure naming the configured endpoint', (code, message) => {
    const failure = classifyAwsFailure(networkError(code, message), { env: { AWS_ENDPOINT_URL: 'http://localhost:4566' }, service: 'sts', region: 'eu-west-1' })
    expect(failure.kind).toBe('network')
    expect(failure.code).toBe('EndpointUnreachable')
    expect(failure.message).toBe(`Could not connect to the AWS endpoint http://localhost:4566: ${code} (${message})`)
    expect(failure.hint).toContain('AWS_ENDPOINT_URL')
    expect(failure.hint).not.toMatch(/credentials/i)
  })

  it('a per-service endpoint variable wins over AWS_ENDPOINT_URL', () => {
    const failure = classifyAwsFailure(networkError('ECONNREFUSED', 'x'), { env: { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_STS: 'http://sts:2' }, service: 'sts' })
    expect(failure.message).toContain('endpoint http://sts:2:')
  })

  it('without an endpoint URL: the host from the error, else "for <service> in <region>"', () => {
    expect(classifyAwsFailure(networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com', { hostname: 'sts.eu-west-1.amazonaws.com' }), { env: {} }).message).toMatch(
      /^Could not connect to the AWS endpoint sts\.eu-west-1\.amazonaws\.com: ENOTFOUND/,
    )
    const timeout = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError', $metadata: {} })
    const failure = classifyAwsFailure(timeout, { env: {}, service: 'sts', region: 'eu-west-1' })
    expect(failure.kind).toBe('network')
    expect(failure.message).toMatch(/^Could not connect to the AWS endpoint for sts in eu-west-1: TimeoutError/)
    expect(failure.hint).toMatch(/network|proxy|firewall/i)
  })

  it('a network error wrapped as the cause of another error is still a network failure', () => {
    const wrapped = Object.assign(new Error('request failed'), { cause: { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 } })
    const failure = classifyAwsFailure(wrapped, { env: {} })
    expect(failure.kind).toBe('network')
    expect(failure.message).toContain('endpoint 127.0.0.1:9: ECONNREFUSED')
  })

  it('a 502 from a proxy (name Unknown) is "answered HTTP 502 … not from AWS", not a credentials problem', () => {
    const failure = classifyAwsFailure(unmodelledError(502), { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:8080' }, service: 'sts' })
    expect(failure.kind).toBe('not-aws')
    expect(failure.code).toBe('EndpointNotAws')
    expect(failure.message).toMatch(/^The endpoint http:\/\/127\.0\.0\.1:8080 answered HTTP 502 with a response that is not from AWS/)
    expect(failure.hint).not.toMatch(/configure/i)
  })

  it('a body the SDK cannot parse (HTML from a captive portal, any status) is not AWS either', () => {
    const err = Object.assign(new Error('@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), {
      $metadata: { httpStatusCode: 200 },
    })
    const failure = classifyAwsFailure(err, { env: {}, service: 'sts', region: 'us-east-1' })
    expect(failure.kind).toBe('not-aws')
    expect(failure.message).toContain('for sts in us-east-1 answered HTTP 200')
  })

  it("AWS's own 5xx (a modelled error) is a temporary AWS problem", () => {
    const failure = classifyAwsFailure(unmodelledError(500, 'InternalFailure', 'We encountered an internal error.'), { env: {}, service: 'iam' })
    expect(failure.kind).toBe('aws-server-error')
    expect(failure.message).toBe('AWS answered HTTP 500 (InternalFailure) for iam: We encountered an internal error.')
    expect(failure.hint).toMatch(/retry/)
  })

  it('a profile in neither shared file is named, with the files from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and how to create it', () => {
    const env = { AWS_CONFIG_FILE: '/tmp/cfg', AWS_SHARED_CREDENTIALS_FILE: '/tmp/creds' }
    const read = (path: string) => ({ '/tmp/cfg': '[profile other]\nregion = eu-west-1\n', '/tmp/creds': '[default]\naws_access_key_id = X\n' })[path]
    const failure = classifyAwsFailure(credentialsProviderError(), { env, profile: 'nonexistent', readFile: read })
    expect(failure.kind).toBe('profile-not-found')
    expect(failure.message).toBe('AWS profile "nonexistent" (--profile) was not found in /tmp/cfg or /tmp/creds')
    expect(failure.hint).toContain('aws configure --profile nonexistent')
    expect(failure.hint).toContain('aws configure sso --profile nonexistent')
    expect(failure.hint).toContain('AWS_CONFIG_FILE')
  })

  it('without the env variables the default files are named; AWS_PROFILE counts as the profile in use', () => {
    const failure = classifyAwsFailure(credentialsProviderError(), { env: { AWS_PROFILE: 'audit' }, readFile: () => undefined })
    expect(failure.kind).toBe('profile-not-found')
    expect(failure.message).toBe('AWS profile "audit" (AWS_PROFILE) was not found in ~/.aws/config or ~/.aws/credentials')
  })

  it("the SDK's own \"Profile X could not be found\" names the profile", () => {
    const failure = classifyAwsFailure(credentialsProviderError('Profile staging could not be found or parsed in shared credentials file.'), noFiles)
    expect(failure.kind).toBe('profile-not-found')
    expect(failure.message).toContain('"staging"')
  })

  it.each([
    ['config file', { '/c': '# comment\n[profile dev] ; note\nsso_session = x\n' }],
    ['credentials file', { '/k': '[dev]\naws_access_key_id = A\n' }],
  ])('a profile that exists (in the %s) but gives no credentials is not "not found"', (_where, files: Record<string, string>) => {
    const failure = classifyAwsFailure(credentialsProviderError(), { env: { AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' }, profile: 'dev', readFile: (p) => files[p] })
    expect(failure.kind).toBe('no-credentials')
    expect(failure.message).toContain('AWS profile "dev" gave no usable credentials')
    expect(failure.hint).toContain('aws sso login --profile dev')
  })

  it('[default] in the config file defines the default profile', () => {
    const failure = classifyAwsFailure(credentialsProviderError(), { env: { AWS_PROFILE: 'default' }, readFile: (p) => (p.endsWith('config') ? '[default]\nregion=x\n' : undefined) })
    expect(failure.kind).toBe('no-credentials')
  })

  it('no profile and no credentials: the existing "configure credentials" hint', () => {
    const failure = classifyAwsFailure(credentialsProviderError(), noFiles)
    expect(failure.kind).toBe('no-credentials')
    expect(failure.hint).toBe(NO_CREDENTIALS_HINT)
  })

  it.each(['ExpiredToken', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException'])('%s: the credentials were rejected', (name) => {
    const err = Object.assign(new Error('The security token included in the request is invalid.'), { name, $fault: 'client', $metadata: { httpStatusCode: 403 } })
    const failure = classifyAwsFailure(err, noFiles)
    expect(failure.kind).toBe('credentials-rejected')
    expect(failure.hint).toBe(REJECTED_CREDENTIALS_HINT)
  })

  it('anything else is unknown (the CLI treats it as a bug)', () => {
    expect(classifyAwsFailure(new TypeError('x is undefined'), noFiles).kind).toBe('unknown')
    const accessDenied = Object.assign(new Error('not allowed'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
    expect(classifyAwsFailure(accessDenied, noFiles).kind).toBe('unknown')
  })

  it('never prints a secret from the environment', () => {
    const env = { AWS_SECRET_ACCESS_KEY: SECRET, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SESSION_TOKEN: SECRET, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }
    for (const err of [networkError('ECONNREFUSED', 'x'), unmodelledError(502), credentialsProviderError(), new Error('other')]) {
      const failure = classifyAwsFailure(err, { env, readFile: () => undefined })
      expect(`${failure.message} ${failure.hint}`).not.toContain(SECRET)
    }
  })
})

// In-process `guardrail scan`: the SDK reads this process's environment, as a user's shell would set it.
describe('guardrail scan when AWS cannot be reached', () => {
  const saved = { ...process.env }
  let dir: string
  let emptyFile: string
  beforeEach(() => {
    dir = tempDir('guardrail-hints-')
    emptyFile = join(dir, 'empty-aws-file')
    writeFileSync(emptyFile, '')
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAGUARDRAILHINTS',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: emptyFile,
      AWS_SHARED_CREDENTIALS_FILE: emptyFile,
    })
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_MAX_ATTEMPTS', 'HTTPS_PROXY', 'HTTP_PROXY']) delete process.env[k]
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_ENDPOINT_URL')) delete process.env[k]
  })
  afterEach(() => {
    process.env = { ...saved }
  })

  const listen = (server: Server | ReturnType<typeof createNetServer>) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))

  function expectNoSecretsOrTraces(r: { stdout: string; stderr: string }) {
    expect(r.stdout + r.stderr).not.toContain(SECRET)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }

  it('a closed loopback port: exit 2, "could not connect" naming the endpoint, no credentials hint', async () => {
    const server = createNetServer()
    const port = await listen(server)
    await new Promise((r) => server.close(r))
    const endpoint = `http://127.0.0.1:${port}`
    process.env.AWS_ENDPOINT_URL = endpoint
    const r = await runCli(['scan', '--max-attempts', '1'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`error: Could not connect to the AWS endpoint ${endpoint}: ECONNREFUSED`)
    expect(r.stderr).toMatch(/hint: .*AWS_ENDPOINT_URL/)
    expect(r.stderr).not.toMatch(/configure (AWS )?credentials/i)
    expectNoSecretsOrTraces(r)
  }, 60_000)

  it('--profile nonexistent with empty shared files: exit 2 naming the profile and the files', async () => {
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    const r = await runCli(['scan', '--profile', 'nonexistent', '--max-attempts', '1'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`error: AWS profile "nonexistent" (--profile) was not found in ${emptyFile} or ${emptyFile}`)
    expect(r.stderr).toContain('hint: Create it with `aws configure --profile nonexistent`')
    expectNoSecretsOrTraces(r)
  }, 60_000)

  it('a local server answering 502 Bad Gateway: exit 2 with the 502 named, not a bug (70)', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>')
    })
    const port = await listen(server)
    try {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`
      const r = await runCli(['scan', '--max-attempts', '1'], { cwd: dir })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`error: The endpoint http://127.0.0.1:${port} answered HTTP 502 with a response that is not from AWS`)
      expect(r.stderr).not.toMatch(/configure (AWS )?credentials/i)
      expectNoSecretsOrTraces(r)
    } finally {
      await new Promise((r) => server.close(r))
    }
  }, 60_000)
})

describe('errors that reach the CLI boundary unclassified by a collector', () => {
  const scan = (err: Error, argv: string[] = []) => runCli(['scan', ...argv], { cwd: tempDir(), deps: { collectCurrentAccount: () => Promise.reject(err) } })

  it('a network error gets the connect message and exit 2', async () => {
    const r = await scan(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', { address: '127.0.0.1', port: 9 }))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: Could not connect to the AWS endpoint 127.0.0.1:9: ECONNREFUSED')
  })

  it('a proxy 502 gets exit 2, not 70', async () => {
    const r = await scan(unmodelledError(502))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('answered HTTP 502')
  })

  it('a credentials error with --profile names the profile (the CLI reads --profile from argv)', async () => {
    const r = await runCli(['scan', '--profile=ghost'], {
      cwd: tempDir(),
      env: { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' },
      deps: { collectCurrentAccount: () => Promise.reject(credentialsProviderError()) },
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: AWS profile "ghost" (--profile) was not found in /nonexistent/config or /nonexistent/credentials')
  })
})
