// Text from AWS (resource names, tags, messages) into XML 1.0 that every parser accepts.
//
// XML 1.0 allows only TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF: a single ESC
// or an unpaired surrogate makes the whole document ill-formed, and a CI server then shows no test
// results at all. Control characters first become visible \uXXXX escapes (neutralizeControl, as for
// the terminal), anything else XML forbids becomes one too, and then the five markup characters
// are escaped. In attributes, TAB/LF/CR are escaped as character references, because attribute-value
// normalisation would otherwise turn them into spaces.
import { neutralizeControl } from '../../core/terminal-text.js'

/** Code points XML 1.0 forbids that neutralizeControl leaves: lone surrogates, U+FFFE, U+FFFF. */
const XML_FORBIDDEN = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g

const visible = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** The text with every character XML 1.0 cannot carry (and every terminal control) made visible. */
export function xmlSafeText(text: string): string {
  return neutralizeControl(text).replace(XML_FORBIDDEN, visible)
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' }

/** Character data: `]]>` cannot occur because every `>` is escaped. */
export function xmlText(text: string): string {
  return xmlSafeText(text).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]!)
}

export function xmlAttribute(text: string): string {
  return xmlSafeText(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!)
}
