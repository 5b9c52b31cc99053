// Text from AWS or from a user's file must never drive the terminal: an ESC in an account name could
// clear the screen, retitle the window (OSC) or rewrite what was printed before it, and a bidi
// override can make a line read differently from what it contains. Everything the CLI prints passes
// through neutralizeControl, which turns such characters into visible escapes ("\u001b" as six
// literal characters) and leaves every other character — é, 日本, emoji — untouched.
//
// The escape is JSON's own \uXXXX form: inside a JSON string it decodes back to the same character,
// so neutralising JSON output keeps it valid and equal (JSON.stringify already escapes C0 controls;
// C1 controls, U+2028/2029 and bidi controls it leaves raw, and those become \uXXXX escapes here).

/**
 * C0 controls except \t and \n, DEL, C1 controls (U+0080–U+009F), the line/paragraph separators
 * U+2028/U+2029, and the bidi embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `text` with every terminal-unsafe character replaced by its visible `\uXXXX` escape. */
export function neutralizeControl(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
