import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGroups, compilePatterns, MAX_NODES, type Compiled } from "../../worker/domain/regex/compile";
import { demoData } from "../support/demo";

/**
 * The automata must answer exactly what JavaScript's own engine answers for `new RegExp(pattern, "i")`: that
 * engine is the reference here, on patterns and texts small enough for it to be quick whatever it does.
 */
const BIG = { work: 10_000_000 };
const budget = () => ({ ...BIG });

function compiled(patterns: string[]): Extract<Compiled, { ok: true }> {
  const c = compilePatterns(patterns, budget());
  if (!c.ok) throw new Error(`refused ${JSON.stringify(patterns)}: ${c.problem}`);
  return c;
}

const native = (pattern: string, text: string) => new RegExp(pattern, "i").test(text);

// Atoms and quantifiers with every construct the parser reads, web-compatibility quirks included.
const ATOMS = [
  "a",
  "b",
  "A",
  "Z",
  "x",
  "-",
  "/",
  " ",
  ".",
  "\\.",
  "\\d",
  "\\D",
  "\\w",
  "\\W",
  "\\s",
  "\\S",
  "\\b",
  "\\B",
  "^",
  "$",
  "[a-c]",
  "[^ab]",
  "[A-Z]",
  "[\\w-]",
  "[--c]",
  "[\\d.]",
  "[]",
  "[^]",
  "[\\b]",
  "{",
  "}",
  "]",
  "\\x41",
  "\\u00e9",
  "\\cJ",
  "\\c",
  "[\\c_]",
  "\\0",
  "\\-",
  "\\/",
  "\\k",
  "\\u{2}",
  "é",
  "É",
  "ſ",
  "K",
  "µ",
  "[é-ë]",
  "(?:a|b)",
  "(a)",
  "(?<n>b)",
  "|",
];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?", "{,2}", "{2"];
const UNITS = [
  "a",
  "b",
  "A",
  "B",
  "x",
  "X",
  "-",
  "/",
  " ",
  "é",
  "É",
  "ſ",
  "s",
  "K",
  "k",
  "µ",
  "μ",
  "\n",
  "1",
  "_",
  ".",
  "\\",
  "c",
  "{",
  "}",
  "\u0002",
  "u",
  "ë",
];

const piece = fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)).map(([a, q]) => a + q);
const flat = fc.array(piece, { maxLength: 5 }).map((p) => p.join(""));
/** Patterns nested two deep: groups of sequences, repeated, alternated. */
const pattern = fc.oneof(
  flat,
  fc.tuple(flat, fc.constantFrom("*", "+", "?", "{1,3}", ""), flat).map(([a, q, b]) => `(${a})${q}${b}`),
  fc.tuple(flat, flat, flat).map(([a, b, c]) => `(?:${a}|${b})*${c}`),
);
const text = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 12 });

const valid = (p: string) => {
  try {
    new RegExp(p, "i");
    return true;
  } catch {
    return false;
  }
};

describe("regular-expression automata", () => {
  describe("happy", () => {
    it("match exactly as JavaScript's engine does, on any text", () => {
      fc.assert(
        fc.property(pattern, fc.array(text, { maxLength: 6 }), (p, texts) => {
          fc.pre(valid(p));
          const c = compilePatterns([p], budget());
          // The parser refuses only what no automaton runs; none of these atoms is such.
          expect(c.ok, p).toBe(true);
          if (!c.ok) return;
          for (const t of [...texts, ""]) expect(c.test(t) === 1, `/${p}/i on ${JSON.stringify(t)}`).toBe(native(p, t));
        }),
        { numRuns: 3000 },
      );
    });

    it("give each pattern its bit when several share an automaton", () => {
      fc.assert(
        fc.property(fc.array(flat, { minLength: 1, maxLength: 6 }), fc.array(text, { maxLength: 6 }), (ps, texts) => {
          fc.pre(ps.every(valid));
          const c = compiled(ps);
          for (const t of [...texts, ""]) {
            const want = ps.reduce((mask, p, i) => mask | (native(p, t) ? 1 << i : 0), 0);
            expect(c.test(t), `${JSON.stringify(ps)} on ${JSON.stringify(t)}`).toBe(want);
          }
        }),
        { numRuns: 1500 },
      );
    });

    it("read \\s, \\S, \\w, \\W, \\d and . as JavaScript does, for every code unit", () => {
      const escapes = ["\\s", "\\S", "\\w", "\\W", "\\d", "\\D", "."];
      const c = compiled(escapes.map((e) => `^${e}$`));
      for (let unit = 0; unit <= 0xffff; unit++) {
        const t = String.fromCharCode(unit);
        const want = escapes.reduce((mask, e, i) => mask | (native(`^${e}$`, t) ? 1 << i : 0), 0);
        if (c.test(t) !== want) expect({ unit, got: c.test(t) }).toEqual({ unit, got: want });
      }
    });

    it("fold case as the `i` flag does, non-ASCII letters and its exceptions (ſ, K, µ) included", () => {
      for (let unit = 0x41; unit <= 0xffff; unit += unit < 0x600 ? 1 : 37) {
        const ch = String.fromCharCode(unit);
        const p = `[\\u${unit.toString(16).padStart(4, "0")}]`;
        const c = compiled([p]);
        const probes = [ch, ch.toLowerCase(), ch.toUpperCase(), "s", "k", "μ", "Μ"].filter((t) => t.length === 1);
        for (const t of probes) expect(c.test(t) === 1, `${p} on ${t}`).toBe(native(p, t));
      }
    });

    it("run the issue's pattern in one pass: its states differ only by how many units were read, up to 297", () => {
      const issue = ".{0,99}.{0,99}.{0,99}!";
      const c = compiled([issue]);
      expect(c.states).toBeLessThanOrEqual(298);
      // The dots may match nothing: it matches exactly the texts that hold a `!`.
      const ids = demoData().evaluations.map((e) => e.modelId.toLowerCase());
      const crafted = ["!", "a!", `${"x".repeat(296)}!`, `${"x".repeat(297)}!`, "a\n!", "no bang here"];
      for (const id of [...ids, ...crafted]) expect(c.test(id) === 1, id).toBe(id.includes("!"));
    });

    it("pack patterns that blow up together into separate passes, and still give each its bit", () => {
      const ids = ["qwen2.5-7b", "llama-3.1-8b", "phi-3.5-mini", "gemma-2.0-9b", "mistral-7b-v0.3", "yi-1.5-34b"];
      const together = compilePatterns(ids, { work: 40_000 });
      expect(together.ok).toBe(false);
      const packed = compileGroups(ids, budget(), 6);
      expect(packed.ok).toBe(true);
      if (!packed.ok) return;
      for (const t of [...ids, "qwen2x5-7b", "llama-3.1-8b-instruct", "nothing"]) {
        const want = ids.reduce((mask, p, i) => mask | (native(p, t) ? 1 << i : 0), 0);
        expect(packed.test(t), t).toBe(want);
      }
    });
  });

  describe("errors", () => {
    it.each([
      ["(a)\\1", "uses backreferences"],
      ["(?<n>a)\\k<n>", "uses backreferences"],
      ["a(?=b)", "uses lookahead or lookbehind"],
      ["(?<!a)b", "uses lookahead or lookbehind"],
      ["\\01", "uses octal escapes"],
      ["a{2001}", `expands to more than ${MAX_NODES} automaton nodes`],
      ["(.{0,99}){0,99}", `expands to more than ${MAX_NODES} automaton nodes`],
    ])("refuses %s: it %s", (p, problem) => {
      expect(valid(p)).toBe(true);
      expect(compilePatterns(["ok", p], budget())).toEqual({ ok: false, index: 1, problem });
    });

    it("refuses, within its budget, patterns whose automaton would be too big", () => {
      const b = { work: 100_000 };
      expect(compilePatterns(["[a-m].{12}!"], b)).toEqual({ ok: false, index: -1, problem: "budget" });
      // It stops soon after the budget runs out: one state's transitions at most.
      expect(b.work).toBeLessThan(0);
      expect(b.work).toBeGreaterThan(-10_000);
    });

    it("refuses patterns that need more passes than allowed", () => {
      const ids = ["qwen2.5-7b", "llama-3.1-8b", "phi-3.5-mini", "gemma-2.0-9b", "mistral-7b-v0.3", "yi-1.5-34b"];
      const patterns = ids.map((id) => `${id}.*[a-m].{6}`);
      expect(compileGroups(patterns, budget(), 2)).toEqual({ ok: false, index: -1, problem: "passes" });
    });

    it("never loops on repeated nothing", () => {
      for (const p of ["(?:){99999999}", "(?:a{0}){99999999}b", "(?:(?:){5}){99999999}x"]) {
        const c = compiled([p]);
        for (const t of ["", "b", "x", "ab"]) expect(c.test(t) === 1, `${p} on ${t}`).toBe(native(p, t));
      }
    });
  });
});
