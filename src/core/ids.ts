// Identifiers that become file names, map keys or terminal text. One pattern each, checked where
// they enter (config, flags, AWS responses): an id from an API response is data, and a crafted one
// ("../../x", escape sequences) must never reach a path or a terminal.
import { z } from 'zod'

export const ACCOUNT_ID_PATTERN = /^\d{12}$/
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/
/** IAM role names (and paths are not allowed here): 1–64 of letters, digits and + = , . @ _ - */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/

/** RoleSessionName: 2–64 of letters, digits and + = , . @ _ - (visible in CloudTrail). */
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/

export const accountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN, 'an AWS account id is 12 digits')
export const regionSchema = z.string().regex(REGION_PATTERN, 'an AWS region name such as eu-west-1')
export const roleNameSchema = z.string().regex(ROLE_NAME_PATTERN, 'an IAM role name: 1–64 letters, digits and + = , . @ _ - (no path)')
export const sessionNameSchema = z.string().regex(SESSION_NAME_PATTERN, '2–64 characters: letters, digits and + = , . @ _ -')

export const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value)
export const isRegionName = (value: unknown): value is string => typeof value === 'string' && REGION_PATTERN.test(value)
