// Why a call to AWS failed, in words a user can act on. The SDK reports a closed port, a proxy's
// "502 Bad Gateway", a profile that does not exist and missing credentials in very different shapes
// (a Node network error, a `name: 'Unknown'` service error, one generic CredentialsProviderError for
// both of the last two); telling all of them to "configure credentials" sends users the wrong way.
//
// classifyAwsFailure reads only the error's name, code, message and HTTP status, the endpoint and
// profile in use, and whether that profile appears in the shared config files. It never reads or
// prints credentials.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export type AwsFailureKind =
  /** The endpoint could not be reached: refused, reset, DNS, timeout, unreachable host, TLS. */
  | 'network'
  /** Something answered that is not AWS: a proxy's 502, an HTML page, a body the SDK cannot parse. */
  | 'not-aws'
  /** AWS itself answered with a server error (5xx) after the SDK's retries. */
  | 'aws-server-error'
  /** The named profile is in neither shared config file. */
  | 'profile-not-found'
  /** No credentials could be found (or the profile named gave none). */
  | 'no-credentials'
  /** AWS rejected the credentials (expired, unknown key, bad signature). */
  | 'credentials-rejected'
  /** None of the above: probably a bug or a response nobody anticipated. */
  | 'unknown'

export interface AwsFailure {
  kind: AwsFailureKind
  /** A GuardrailError code for the failure. */
  code: string
  /** One sentence: what went wrong, naming the endpoint / profile / status involved. */
  message: string
  /** How to fix it; undefined for 'unknown'. */
  hint: string | undefined
}

export interface AwsFailureContext {
  /** The endpoint URL in use, when known; else read from AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL. */
  endpoint?: string
  /** 'sts', 'iam', … for "for sts in eu-west-1" when the endpoint URL is not known. */
  service?: string
  region?: string
  /** The profile asked for (--profile); else AWS_PROFILE from `env`. */
  profile?: string
  /** Where AWS_* settings come from; default process.env (what the SDK itself reads). */
  env?: NodeJS.ProcessEnv
  /** Reads a shared config file; undefined when it cannot be read. Injected by tests. */
  readFile?: (path: string) => string | undefined
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EPROTO',
])

/** TLS failures a corporate proxy or a private endpoint typically causes. */
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
])

const REJECTED_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthFailure',
])

/** Names the SDK gives an error response it could not match to a modelled AWS error. */
const UNMODELLED_NAMES = new Set(['Unknown', 'UnknownError', 'Error'])

const MAX_DETAIL = 300

interface ErrorShape {
  name: string
  message: string
  code: string | undefined
  awsCode: string | undefined
  status: number | undefined
  hasMetadata: boolean
  hostname: string | undefined
  address: string | undefined
  port: number | undefined
}

function shapeOf(err: unknown): ErrorShape {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const metadata = typeof e.$metadata === 'object' && e.$metadata !== null ? (e.$metadata as Record<string, unknown>) : undefined
  const cause = typeof e.cause === 'object' && e.cause !== null ? (e.cause as Record<string, unknown>) : undefined
  return {
    name: str(e.name) ?? (err instanceof Error ? err.name : 'Error'),
    message: err instanceof Error ? err.message : str(e.message) ?? String(err),
    // A network error's code may sit on the error itself or on its cause.
    code: str(e.code) ?? str(cause?.code),
    awsCode: str(e.Code),
    status: typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    hasMetadata: metadata !== undefined,
    hostname: str(e.hostname) ?? str(cause?.hostname),
    address: str(e.address) ?? str(cause?.address),
    port: typeof e.port === 'number' ? e.port : typeof cause?.port === 'number' ? cause.port : undefined,
  }
}

function clip(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim()
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}…` : oneLine
}

/** The endpoint as the user configured it (explicit, then per-service env, then AWS_ENDPOINT_URL). */
function configuredEndpoint(context: AwsFailureContext, env: NodeJS.ProcessEnv): string | undefined {
  if (context.endpoint) return context.endpoint
  if (context.service) {
    const perService = env[`AWS_ENDPOINT_URL_${context.service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]
    if (perService) return perService
  }
  return env.AWS_ENDPOINT_URL || undefined
}

/** "http://127.0.0.1:4566", "sts.eu-west-1.amazonaws.com", or "for sts in eu-west-1". */
function describeEndpoint(shape: ErrorShape, context: AwsFailureContext, endpoint: string | undefined): string {
  if (endpoint) return endpoint
  if (shape.hostname) return shape.hostname
  if (shape.address) return shape.port !== undefined ? `${shape.address}:${shape.port}` : shape.address
  if (context.service && context.region) return `for ${context.service} in ${context.region}`
  if (context.service) return `for ${context.service}`
  return '(the SDK default)'
}

function isNetworkFailure(shape: ErrorShape): boolean {
  if (shape.code !== undefined && (NETWORK_CODES.has(shape.code) || TLS_CODES.has(shape.code))) return true
  if (shape.name === 'TimeoutError') return true
  return /socket hang up|connection timed out|socket timed out/i.test(shape.message)
}

function isCredentialsFailure(shape: ErrorShape): boolean {
  return shape.name === 'CredentialsProviderError' || /could not load credentials|credentials using profile|profile .* could not be found/i.test(shape.message)
}

/** The profile named in the SDK's message, when it names one. */
function profileInMessage(message: string): string | undefined {
  return /Profile (\S+) could not be found/i.exec(message)?.[1] ?? /using profile: \[([^\]]*)\]/.exec(message)?.[1]
}

export interface SharedConfigFiles {
  config: string
  credentials: string
  /** As shown to users: "~/.aws/config" unless AWS_CONFIG_FILE says otherwise. */
  configLabel: string
  credentialsLabel: string
}

/** Where the SDK looks for profiles, honouring AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE. */
export function sharedConfigFiles(env: NodeJS.ProcessEnv = process.env): SharedConfigFiles {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
    configLabel: env.AWS_CONFIG_FILE || '~/.aws/config',
    credentialsLabel: env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials',
  }
}

const MAX_SHARED_FILE = 1024 * 1024

function readSmallFile(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8')
    return text.length > MAX_SHARED_FILE ? text.slice(0, MAX_SHARED_FILE) : text
  } catch {
    return undefined
  }
}

/** The section names of an INI file: "[profile dev]" → "profile dev". */
function iniSections(text: string): Set<string> {
  const sections = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[;#].*)?$/.exec(line)
    if (m) sections.add(m[1]!.replace(/\s+/g, ' '))
  }
  return sections
}

/**
 * Whether `profile` is defined: "[profile NAME]" (or "[NAME]" for default) in the config file, or
 * "[NAME]" in the credentials file. 'unknown' when neither file could be read but one exists.
 */
export function profileDefined(profile: string, files: SharedConfigFiles, readFile: (path: string) => string | undefined = readSmallFile): 'yes' | 'no' {
  const config = readFile(files.config)
  if (config !== undefined) {
    const sections = iniSections(config)
    if (sections.has(`profile ${profile}`) || (profile === 'default' && sections.has('default'))) return 'yes'
  }
  const credentials = readFile(files.credentials)
  if (credentials !== undefined && iniSections(credentials).has(profile)) return 'yes'
  return 'no'
}

export const NO_CREDENTIALS_HINT =
  'Configure AWS credentials: set AWS_PROFILE or pass --profile (run `aws sso login` for SSO profiles), or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.'
export const REJECTED_CREDENTIALS_HINT = 'The AWS credentials were rejected; refresh them (e.g. aws sso login) and retry.'

/** Classifies a failed AWS call (or credential resolution) into something a user can act on. */
export function classifyAwsFailure(err: unknown, context: AwsFailureContext = {}): AwsFailure {
  const env = context.env ?? process.env
  const shape = shapeOf(err)
  const awsCode = shape.awsCode ?? shape.name
  const endpoint = configuredEndpoint(context, env)
  const where = describeEndpoint(shape, context, endpoint)
  const endpointHint = endpoint
    ? `the endpoint in use is ${endpoint} (AWS_ENDPOINT_URL); check that it is right and reachable, or unset it to reach AWS itself.`
    : 'set AWS_ENDPOINT_URL if you reach AWS through a private endpoint.'

  if (isNetworkFailure(shape)) {
    const code = shape.code ?? shape.name
    const tls = shape.code !== undefined && TLS_CODES.has(shape.code)
    return {
      kind: 'network',
      code: 'EndpointUnreachable',
      message: `Could not connect to the AWS endpoint ${where}: ${code} (${clip(shape.message)})`,
      hint: tls
        ? `The TLS connection failed (${code}): a proxy that inspects TLS needs its CA in NODE_EXTRA_CA_CERTS; ${endpointHint}`
        : `Check the network connection, VPN, firewall or proxy between guardrail and AWS; ${endpointHint}`,
    }
  }

  if (REJECTED_CREDENTIALS.has(awsCode) || REJECTED_CREDENTIALS.has(shape.name)) {
    return { kind: 'credentials-rejected', code: 'NoUsableCredentials', message: `AWS rejected the credentials (${awsCode}): ${clip(shape.message)}`, hint: REJECTED_CREDENTIALS_HINT }
  }

  if (shape.hasMetadata && shape.status !== undefined) {
    const unparsable = /deserialization error|parse error|expected .* but got|unexpected (content|token|end)/i.test(shape.message)
    if (unparsable || UNMODELLED_NAMES.has(shape.name)) {
      return {
        kind: 'not-aws',
        code: 'EndpointNotAws',
        message: `The endpoint ${where} answered HTTP ${shape.status} with a response that is not from AWS${shape.status >= 500 ? ' (a proxy or gateway error?)' : ''}`,
        hint: `Something other than AWS answered: check any proxy or gateway in between; ${endpointHint} Retry if the gateway error was transient.`,
      }
    }
    if (shape.status >= 500) {
      return {
        kind: 'aws-server-error',
        code: 'AwsServerError',
        message: `AWS answered HTTP ${shape.status} (${awsCode})${context.service ? ` for ${context.service}` : ''}: ${clip(shape.message)}`,
        hint: 'AWS had a temporary problem; retry later, or raise --max-attempts for more retries.',
      }
    }
  }

  if (isCredentialsFailure(shape)) {
    const profile = context.profile ?? profileInMessage(shape.message) ?? (env.AWS_PROFILE || undefined)
    if (profile !== undefined) {
      const files = sharedConfigFiles(env)
      const source = context.profile !== undefined ? ' (--profile)' : profileInMessage(shape.message) === undefined ? ' (AWS_PROFILE)' : ''
      if (profileDefined(profile, files, context.readFile) === 'no') {
        return {
          kind: 'profile-not-found',
          code: 'NoUsableCredentials',
          message: `AWS profile "${profile}"${source} was not found in ${files.configLabel} or ${files.credentialsLabel}`,
          hint:
            `Create it with \`aws configure --profile ${profile}\` (access keys) or \`aws configure sso --profile ${profile}\` (IAM Identity Center), ` +
            'or name an existing profile with --profile / AWS_PROFILE (`aws configure list-profiles` lists them).' +
            (env.AWS_CONFIG_FILE || env.AWS_SHARED_CREDENTIALS_FILE ? ' AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE decide which files are read.' : ''),
        }
      }
      return {
        kind: 'no-credentials',
        code: 'NoUsableCredentials',
        message: `AWS profile "${profile}" gave no usable credentials (${shape.name}): ${clip(shape.message)}`,
        hint: `Check the profile in ${files.configLabel} / ${files.credentialsLabel}; for an SSO profile run \`aws sso login --profile ${profile}\`.`,
      }
    }
    return { kind: 'no-credentials', code: 'NoUsableCredentials', message: `No AWS credentials found (${shape.name}): ${clip(shape.message)}`, hint: NO_CREDENTIALS_HINT }
  }

  return { kind: 'unknown', code: awsCode, message: clip(shape.message), hint: undefined }
}
