// Process entry point (bin/guardrail.js loads the compiled copy of this file).
// guardrail supports Node 20 (package.json engines); the SDK's notice that its future releases will
// not is for us to act on, not noise on every user's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

import { EXIT } from '../core/errors.js'
import { processIo } from './io.js'
import { run } from './run.js'

// processIo neutralises control characters in everything written through it (and run() re-wraps
// any io it is given). A failure that escapes run() — a stray rejection — would otherwise be printed
// raw by Node, message and all; route it through the same io so it is neutralised too.
const io = processIo()
const escaped = (err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err))
  io.stderr(`error: ${error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}\nhint: This is a bug; re-run with --debug and report it.\n`)
  if (process.argv.includes('--debug') && error.stack) io.stderr(`${error.stack}\n`)
  process.exit(EXIT.internal)
}
process.on('uncaughtException', escaped)
process.on('unhandledRejection', escaped)

process.exitCode = await run(process.argv.slice(2), io)
