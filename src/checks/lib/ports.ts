// Which of the watched TCP ports a rule covers, for security-group and network-ACL rules alike.
// TCP carries SSH and RDP; protocol '-1' is "all traffic", which includes them; EC2 may report TCP
// as '6'. A rule without ports (all traffic, or no range given) covers every port, and EC2 uses -1 in
// from/to for "all ports" on some protocols.
export const OPEN_IPV4 = '0.0.0.0/0'
export const OPEN_IPV6 = '::/0'

export function coversTcp(protocol: string): boolean {
  const p = protocol.toLowerCase()
  return p === '-1' || p === 'tcp' || p === '6'
}

export function tcpPortsCovered(rule: { protocol: string; fromPort?: number; toPort?: number }, ports: readonly number[]): number[] {
  if (!coversTcp(rule.protocol)) return []
  if (rule.protocol === '-1' || rule.fromPort === undefined || rule.toPort === undefined) return [...ports]
  if (rule.fromPort === -1 || rule.toPort === -1) return [...ports]
  return ports.filter((p) => p >= rule.fromPort! && p <= rule.toPort!)
}
