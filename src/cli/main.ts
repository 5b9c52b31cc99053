// Process entry point (bin/guardrail.js loads the compiled copy of this file).
// guardrail supports Node 20 (package.json engines); the SDK's notice that its future releases will
// not is for us to act on, not noise on every user's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

import { processIo } from './io.js'
import { run } from './run.js'

process.exitCode = await run(process.argv.slice(2), processIo())
