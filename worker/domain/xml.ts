/**
 * Text for XML (the Atom feed, SVG badges) and HTML pages: escaped, and without the characters XML 1.0 forbids,
 * which stored strings such as revisions and reasons may hold. One such character makes a whole feed unreadable
 * to every XML reader, and is a parse error in HTML.
 */

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with every character XML 1.0 forbids removed (C0 controls other than tab/newline/return, U+FFFE,
 * U+FFFF) and lone surrogates replaced by U+FFFD, as a UTF-8 encoder would.
 */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, "").replace(LONE_SURROGATE, "\ufffd");
}

/** Text safe to put in an XML text node or a double- or single-quoted attribute: xmlSafe, then escaped. */
export function xmlEscape(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) =>
    ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === '"' ? "&quot;" : "&apos;",
  );
}
