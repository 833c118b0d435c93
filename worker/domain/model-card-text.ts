/**
 * The text pieces of model-card metadata that must survive any input: two-decimal figures, YAML double-quoted
 * scalars and Markdown text and link destinations.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `x` rounded to two decimals, half up, on its shortest decimal form: the figure a reader gets by rounding the
 * value the API prints (16.825 gives "16.83", where `toFixed` rounds the binary 16.82499… down). Throws on a
 * value that is not finite (a programming error: scores are checked numbers).
 */
export function twoDecimals(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite score: ${x}`);
  const [mantissa = "0", exponent = "0"] = Math.abs(x).toString().split("e");
  const [whole = "0", fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  const padded = point <= 0 ? "0".repeat(1 - point) + digits : digits.padEnd(point, "0");
  const at = Math.max(point, 1);
  const kept = padded.slice(0, at) + padded.slice(at, at + 2).padEnd(2, "0");
  const cents = BigInt(kept) + ((padded[at + 2] ?? "0") >= "5" ? 1n : 0n);
  const text = cents.toString().padStart(3, "0");
  const sign = x < 0 && cents > 0n ? "-" : "";
  return `${sign}${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * Characters a YAML double-quoted scalar holds as they are under YAML 1.1 and 1.2 alike: printable, and not a
 * line break in either (NEL, LS, PS), nor a byte-order mark. Surrogates stand for themselves: only pairs remain.
 */
const YAML_ESCAPED = /["\\]|[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ud800-\udfff\ue000-\ufefe\uff00-\ufffd]/g;

/**
 * `text` as a YAML double-quoted scalar that parses back to `text` under YAML 1.1 (PyYAML, the Hub's Python
 * client) and 1.2, whatever it holds; a lone surrogate, which no YAML can carry, becomes U+FFFD.
 */
export function yamlQuoted(text: string): string {
  const escaped = text
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(YAML_ESCAPED, (ch) =>
      ch === '"' || ch === "\\" ? `\\${ch}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  return `"${escaped}"`;
}

/**
 * `text` as literal Markdown inline text on one line: every ASCII punctuation character backslash-escaped (so
 * no `|`, `*`, `[`, `#`, `<` or `&` means anything), control characters and line breaks as spaces.
 */
export function markdownText(text: string): string {
  return text
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/**
 * `url` as a Markdown link destination that stays one destination: what a URL may not hold as it is (spaces,
 * controls, parentheses, `<>`, `\`, `|`, non-ASCII) percent-encoded as UTF-8, and `&` escaped so that no
 * `&amp;` in it is read as an entity.
 */
export function markdownUrl(url: string): string {
  return url
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(/[\ud800-\udbff][\udc00-\udfff]|[^A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/g, (ch) =>
      // encodeURIComponent leaves parentheses as they are; a `)` would end the destination.
      ch === "(" ? "%28" : ch === ")" ? "%29" : encodeURIComponent(ch),
    )
    .replace(/&/g, "\\&");
}
