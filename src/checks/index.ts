// The registry: every check module, imported explicitly so bundlers and readers see the full list.
// A meta-test (test/checks/meta.test.ts) fails if a file under src/checks/<service>/ is missing here.
import type { AnyCheck } from './define.js'
import iamUserConsoleMfa from './iam/user-console-mfa.js'

export const ALL_CHECKS: readonly AnyCheck[] = [iamUserConsoleMfa]
