// Role trust policies (AssumeRolePolicyDocument): the statements of an ordinary policy plus the
// Principal / NotPrincipal element that says who may assume the role. Everything but the principal is
// read by parsePolicy, so a trust policy and an identity policy are never parsed two different ways.
import { parsePolicy, type Statement } from '../policy/document.js'

/** A Principal or NotPrincipal element in one shape. */
export interface PrincipalElement {
  /** "AWS" values as written: account ids, account roots, user / role ARNs. */
  aws: string[]
  service: string[]
  federated: string[]
  /** "*" or {"AWS": "*"}: every principal. */
  any: boolean
}

export type TrustStatement = Statement & { principal?: PrincipalElement; notPrincipal?: PrincipalElement }

export type ParsedTrustPolicy = { ok: true; statements: TrustStatement[] } | { ok: false; problem: string }

export interface Caller {
  arn: string
  accountId: string
}

const PRINCIPAL_TYPES: Record<string, keyof Omit<PrincipalElement, 'any'> | 'ignored'> = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  // S3 canonical users never name an IAM user or role, the only callers evaluated here.
  CanonicalUser: 'ignored',
}

function parsePrincipal(value: unknown, where: string): PrincipalElement | string {
  const element: PrincipalElement = { aws: [], service: [], federated: [], any: false }
  if (value === '*') return { ...element, any: true }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where} must be "*" or an object such as {"AWS": [...]}`
  for (const [type, raw] of Object.entries(value)) {
    const field = PRINCIPAL_TYPES[type]
    if (!field) return `${where} has an unknown principal type ${type}`
    const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? (raw as string[]) : undefined
    if (!list) return `${where}.${type} must be a string or a list of strings`
    if (field === 'ignored') continue
    element[field].push(...list)
    if (field === 'aws' && list.includes('*')) element.any = true
  }
  return element
}

/** Statements of a role trust policy with their principals, or what is wrong with the document. */
export function parseTrustPolicy(doc: Record<string, unknown>): ParsedTrustPolicy {
  const parsed = parsePolicy(doc)
  if (!parsed.ok) return parsed
  // parsePolicy accepted the document, so Statement is an object or a list of objects in this order.
  const raw = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Record<string, unknown>[]
  const statements: TrustStatement[] = []
  for (const s of parsed.statements) {
    const r = raw[s.index]!
    if ((r.Principal === undefined) === (r.NotPrincipal === undefined)) return { ok: false, problem: `statement ${s.index}: exactly one of Principal or NotPrincipal is required in a trust policy` }
    const element = parsePrincipal(r.Principal ?? r.NotPrincipal, `statement ${s.index}: ${r.Principal !== undefined ? 'Principal' : 'NotPrincipal'}`)
    if (typeof element === 'string') return { ok: false, problem: element }
    statements.push(r.Principal !== undefined ? { ...s, principal: element } : { ...s, notPrincipal: element })
  }
  return { ok: true, statements }
}

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/

/** The account a Principal "AWS" value names as a whole ("123456789012" or its root ARN), if it does. */
export function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value
  return ACCOUNT_ROOT.exec(value)?.[1]
}

/**
 * How a Principal element names the caller: 'exact' — its ARN, as a string (ARNs in Principal have no
 * wildcards, and IAM keeps the path in a role or user ARN, so the comparison is plain equality);
 * 'account' — its account (id or root ARN), or "*", which names no one in particular either: both need
 * the caller's own identity policy to allow the request too when the caller is in another account;
 * 'none' — neither (a service or federated principal never names an IAM user or role).
 */
export function principalMatches(element: PrincipalElement, caller: Caller): 'exact' | 'account' | 'none' {
  if (element.aws.includes(caller.arn)) return 'exact'
  return namesAccount(element, caller.accountId) ? 'account' : 'none'
}

/** Does the element name the whole account (its id, its root, or "*")? */
export function namesAccount(element: PrincipalElement, accountId: string): boolean {
  return element.any || element.aws.some((v) => accountOfPrincipal(v) === accountId)
}
