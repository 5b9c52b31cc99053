// The shared vocabulary of the access analysis (src/access/): what a decision is, and how it cites the
// policy statements it rests on. An access path is only as good as its explanation, so every
// decision names the statements that allowed it, the one that denied it, and the conditions the
// snapshot cannot decide (MFA, source IP, session tags, …) — shown, never assumed either way.
import type { Statement } from '../policy/document.js'
import type { ChainResult } from '../scp/chain.js'

export type PolicyKind = 'identity' | 'permissions-boundary' | 'scp' | 'trust'

/** Which policy, in which account: e.g. { account, kind: 'identity', name: 'group Developers: arn:aws:iam::1:policy/AssumeProd' }. */
export interface PolicyLabel {
  account: string
  kind: PolicyKind
  name: string
  /** Set when the policy reaches the user through this IAM group (revoking: remove from the group). */
  group?: string
}

/** One statement of one policy: the evidence behind an edge. */
export interface StatementCite {
  policy: PolicyLabel
  /** 0-based position in the document. */
  statement: number
  sid?: string
}

export type Verdict = 'allowed' | 'denied' | 'conditional'

export interface Decision {
  verdict: Verdict
  /** allowed / conditional: the statements that grant it (identity allow, trust allow, boundary allow). */
  allowedBy: StatementCite[]
  /** denied by an explicit Deny: that statement. Absent for an implicit deny (see reason). */
  deniedBy?: StatementCite
  /** One sentence a reviewer can read: why allowed, denied, or conditional. */
  reason: string
  /** conditional: each undecided condition, described with where it is ("Bool aws:MultiFactorAuthPresent [\"true\"] (trust policy of role Admin)"). */
  conditions: string[]
}

/**
 * What is known of a request. `values` holds single-valued condition keys (any case): aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalOrgID, aws:username, aws:PrincipalTag/<k>, aws:ResourceTag/<k>,
 * ssm:resourceTag/<k>, ec2:ResourceTag/<k>, … `complete` lists key prefixes whose values are all known,
 * so a key with such a prefix that is not in `values` is known to be absent (the instance has no tag
 * 'env'), instead of unknown.
 */
export interface Facts {
  values: Record<string, string>
  complete: string[]
}

export interface ParsedPolicy {
  label: PolicyLabel
  statements: Statement[]
}

/** The identity side of a principal: its identity policies, its permissions boundary, its account's SCPs. */
export interface IdentitySide {
  arn: string
  accountId: string
  /** Identity policies (user inline/managed, its groups' policies; or the role's policies). */
  policies: ParsedPolicy[]
  boundary?: ParsedPolicy
  /** Policies that apply but could not be read or parsed: any of them makes an allow 'conditional'. */
  unreadable: string[]
  /** The SCP chain of the principal's account (src/scp/chain.ts). */
  scp: ChainResult
}
