import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { markdownText, markdownUrl, twoDecimals, yamlQuoted } from "../../worker/domain/model-card-text";

/** What a UTF-8 encoder makes of a string: lone surrogates become U+FFFD. */
const wellFormed = (s: string) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new TextEncoder().encode(s));

/** Fragments that mean something to YAML or Markdown, or that YAML cannot hold as they are. */
const nasty = fc.constantFrom(
  '"',
  "'",
  "\\",
  ": ",
  " #",
  "\n",
  "\r\n",
  "\t",
  "---",
  "- ",
  "? ",
  "{",
  "}",
  "[",
  "]",
  ",",
  "&a",
  "*a",
  "!!str ",
  "%YAML",
  "|",
  ">",
  "\u0000",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffe",
  "\ud800",
  "\udfff",
  "😀",
  "true",
  "null",
  "~",
  "1e3",
  "0x1F",
  "yes",
  "<<",
  "[x](y)",
  "<b>",
  "&amp;",
  "(",
  ")",
  " ",
  "é",
);
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(nasty, { maxLength: 12 }).map((a) => a.join("")),
);

describe("twoDecimals", () => {
  it("rounds half up on the decimal digits the value prints as", () => {
    const cases: Array<[number, string]> = [
      [56.2129, "56.21"],
      [8.59505208333333, "8.60"],
      [16.825, "16.83"],
      [1.005, "1.01"],
      [0.125, "0.13"],
      [2.675, "2.68"],
      [0.004999, "0.00"],
      [0.005, "0.01"],
      [99.995, "100.00"],
      [100, "100.00"],
      [0, "0.00"],
      [-0, "0.00"],
      [1e-7, "0.00"],
      [-0.001, "0.00"],
      [-1.255, "-1.26"],
      [123456.789, "123456.79"],
      [1.5e21, "1500000000000000000000.00"],
    ];
    for (const [x, text] of cases) expect(twoDecimals(x), String(x)).toBe(text);
  });

  it("refuses what is not a finite number", () => {
    for (const x of [Number.NaN, Infinity, -Infinity]) expect(() => twoDecimals(x)).toThrow(RangeError);
  });

  it("is always a two-decimal figure within half a hundredth of the value", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const text = twoDecimals(x);
        expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d\d$/);
        expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(0.005 + 1e-9 * Math.abs(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("yamlQuoted", () => {
  it("escapes quotes, backslashes and what YAML cannot hold as it is", () => {
    expect(yamlQuoted('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(yamlQuoted("line\nbreak\ttab")).toBe('"line\\u000abreak\\u0009tab"');
    expect(yamlQuoted("\u0085\u2028\ufeff\u007f")).toBe('"\\u0085\\u2028\\ufeff\\u007f"');
    expect(yamlQuoted("Qwen2.5-7B_it 😀 é")).toBe('"Qwen2.5-7B_it 😀 é"');
    expect(yamlQuoted("x\ud800")).toBe('"x\ufffd"');
  });

  it("parses back to the text under YAML 1.1 and 1.2, with nothing outside YAML's printable set", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const quoted = yamlQuoted(text);
        expect(quoted).toMatch(
          /^"[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*"$/u,
        );
        for (const version of ["1.1", "1.2"] as const) {
          const doc = parseDocument(`key: ${quoted}\n`, { version, uniqueKeys: true });
          expect(doc.errors).toEqual([]);
          expect(doc.warnings).toEqual([]);
          expect(doc.toJS()).toEqual({ key: wellFormed(text) });
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe("markdownText and markdownUrl", () => {
  it("escape Markdown's specials and keep to one line", () => {
    expect(markdownText("a|b*c_d\n# [x](y) <b>&amp;")).toBe("a\\|b\\*c\\_d \\# \\[x\\]\\(y\\) \\<b\\>\\&amp\\;");
    expect(markdownUrl("https://p.example/models/a b(c)|é?x=1&amp;y")).toBe(
      "https://p.example/models/a%20b%28c%29%7C%C3%A9?x=1\\&amp;y",
    );
  });

  it("leave every ASCII punctuation escaped in text, and a URL one destination that decodes back", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const md = markdownText(text);
        expect(md).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(md).toMatch(/^(?:[^!-/:-@[-`{-~]|\\[!-/:-@[-`{-~])*$/);
        const url = markdownUrl(text);
        expect(url).toMatch(/^(?:[A-Za-z0-9\-._~:/?#[\]@!$'*+,;=%]|\\&)*$/);
        if (!text.includes("%")) expect(decodeURIComponent(url.replace(/\\&/g, "&"))).toBe(wellFormed(text));
      }),
      { numRuns: 1500 },
    );
  });
});
