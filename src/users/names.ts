// IAM user names → Linux login names, safely and predictably. IAM allows [A-Za-z0-9+=,.@_-] up to 64
// characters; a portable Linux name is [a-z_][a-z0-9_.-]* of at most 32, and must not be a system
// account. The mapping:
//   - e-mail style names keep their local part: jane.doe@example.com → jane.doe (two such users with
//     the same local part collide, and collisions are reported, never merged);
//   - lower case; '+' → '_plus_', '=' → '_eq_', ',' → '_comma_', any remaining '@' → '_at_';
//   - a name starting with a digit, '-' or '.' gets a 'u' in front;
//   - longer than 32: the first 23 characters, '-', and 8 hex digits of the SHA-256 of the IAM name
//     (stable, and two long names sharing a prefix stay apart).
// Reserved names (root, the distributions' default users, service accounts) are refused.
import { createHash } from 'node:crypto'

export const LINUX_NAME_MAX = 32
const IAM_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/
const LINUX_NAME = /^[a-z_][a-z0-9_.-]{0,31}$/

/** Names a synced user may never take: system, service and the distributions' default accounts. */
export const RESERVED_NAMES = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'irc', 'gnats', 'nobody', 'nogroup',
  'adm', 'shutdown', 'halt', 'operator', 'ftp', 'sshd', 'ntp', 'chrony', 'dbus', 'polkitd', 'rpc', 'rpcuser', 'nfsnobody', 'postfix', 'tss', 'syslog', 'messagebus', 'uuidd', 'tcpdump', 'landscape', 'pollinate', 'lxd', 'dnsmasq', 'usbmux', 'apt', 'sudo', 'wheel', 'admin',
  'ec2-user', 'ubuntu', 'centos', 'fedora', 'rocky', 'almalinux', 'admin', 'debian', 'bitnami', 'ssm-user', 'ec2-instance-connect',
])

export type LinuxName = { ok: true; name: string } | { ok: false; reason: string }

export function linuxNameFor(iamName: string): LinuxName {
  if (!IAM_NAME.test(iamName)) return { ok: false, reason: `"${iamName}" is not a valid IAM user name` }
  const at = iamName.indexOf('@')
  const base = at > 0 ? iamName.slice(0, at) : iamName
  let name = base
    .toLowerCase()
    .replace(/\+/g, '_plus_')
    .replace(/=/g, '_eq_')
    .replace(/,/g, '_comma_')
    .replace(/@/g, '_at_')
  if (!/^[a-z_]/.test(name)) name = `u${name}`
  if (name.length > LINUX_NAME_MAX) name = `${name.slice(0, 23)}-${createHash('sha256').update(iamName).digest('hex').slice(0, 8)}`
  if (!LINUX_NAME.test(name)) return { ok: false, reason: `"${iamName}" maps to "${name}", which is not a portable Linux user name` }
  if (RESERVED_NAMES.has(name) || name.startsWith('systemd-')) return { ok: false, reason: `"${iamName}" maps to "${name}", a reserved system or distribution account` }
  return { ok: true, name }
}
