import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  matchesSearch,
  MAX_CLAUSES,
  MAX_PASSES,
  MAX_SEARCH_LENGTH,
  parseSearch,
  SEARCH_WORK,
  type SearchTarget,
} from "../../worker/domain/search";
import { demoData } from "../support/demo";

/**
 * The search runs user regular expressions over every row, on the server and in the browser. JavaScript's engine
 * backtracks: `(.|.)*!` against a 36-character model id takes minutes, and a search of eleven
 * `.{0,99}.{0,99}.{0,99}!` clauses took 23 s over the final board. The search runs them as automata that read
 * each character once instead (worker/domain/regex.ts): what backtracking made catastrophic is answered, and what
 * no automaton runs, or would need too big an automaton, is refused with the reason.
 */
const ids = demoData().evaluations.map((e) => e.modelId.toLowerCase());

const target = (model: string): SearchTarget => ({
  model,
  architecture: "llamaforcausallm",
  license: "apache-2.0",
  precision: "bfloat16",
  type: "chat",
});

function matching(search: string, models: readonly string[]): string[] {
  const parsed = parseSearch(search);
  if (!parsed.ok) throw new Error(parsed.message);
  return models.filter((m) => matchesSearch(parsed.clauses, target(m)));
}

// Short enough for JavaScript's engine to answer at once whatever the pattern: the reference.
const TEXTS = ["", "a", "ab", "aab!", "xyz", "aaaaaaaaaaab", "a b c!", "(.)", "12ab", "abab", "ab-12-cd!"];

describe("search regular expressions", () => {
  describe("happy", () => {
    it("answers the issue's eleven `.{0,99}.{0,99}.{0,99}!` clauses over the whole board: the ids with a `!`", () => {
      const search = Array(11).fill(".{0,99}.{0,99}.{0,99}!").join(";");
      expect(matching(search, [...ids, "org/hello!", "org/a!b"])).toEqual(["org/hello!", "org/a!b"]);
    });

    // These were refused as catastrophic for backtracking; an automaton runs them like any other.
    it.each([
      "(.|.)*!",
      "(a|a)*b",
      "(a+)+b",
      "(a*)*b",
      "(.*a){12}x",
      "((ab)*c)*d",
      "(\\w+\\s?)+$",
      "(?:x+x+)+y",
      "([a-z]+)*!",
      "(a{1,9}){1,9}b",
      "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaa",
      "a?b?c?d?",
      ".*.*.*!",
      "[a-z]+[0-9]{2,}.*!",
    ])("runs %s and answers as JavaScript does", (pattern) => {
      expect(matching(pattern, TEXTS)).toEqual(TEXTS.filter((t) => new RegExp(pattern, "i").test(t)));
    });

    it.each([
      "llama.*7b",
      "^meta-llama",
      "qwen2?\\.5",
      "(llama|mistral)",
      "7b$",
      "[0-9]+b",
      "instruct|chat",
      "(llama|mistral)-[0-9]+b",
      "[(+*)]+",
      "a.*b.*c",
      "(llama|mistral)-[0-9]+b.*instruct",
      "qwen2?\\.5-[0-9]{1,3}b",
      "\\(+x",
    ])("still accepts %s", (pattern) => {
      expect(parseSearch(pattern).ok).toBe(true);
    });

    it("runs a list of model ids, their dots wildcards, in shared passes", () => {
      const list: string[] = [];
      for (const id of new Set(ids.filter((i) => i.includes(".")))) {
        if (list.length < MAX_CLAUSES && [...list, id].join(";").length <= MAX_SEARCH_LENGTH) list.push(id);
      }
      expect(list.length).toBeGreaterThan(6);
      const search = list.join(";");
      const models = [...ids, "qwen/qwen2x5-7b-instruct"];
      const expected = models.filter((m) => search.split(";").some((p) => new RegExp(p, "i").test(m)));
      expect(matching(search, models)).toEqual(expected);
    });

    it("never throws, whatever the text", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (text) => {
          const parsed = parseSearch(text);
          expect(typeof parsed.ok).toBe("boolean");
        }),
        { numRuns: 500 },
      );
    });

    it("never throws on adversarial patterns up to the length limit, and a refusal says why", () => {
      const pieces = [".", "[a-m]", "\\w", "\\d", "(a|b)", "x", "\\b", "(?:.*a)", "{0,99}", "{12}", "*", "+", "?", ";"];
      const search = fc
        .array(fc.constantFrom(...pieces), { maxLength: 120 })
        .map((p) => p.join("").slice(0, MAX_SEARCH_LENGTH));
      fc.assert(
        fc.property(search, (text) => {
          const parsed = parseSearch(text);
          if (!parsed.ok) {
            expect(parsed.message).toMatch(
              /not a valid regular expression|too complex to run safely|more than \d+ queries/,
            );
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("errors", () => {
    it.each([
      ["(a)\\1*b", "uses backreferences"],
      ["a(?=b)", "uses lookahead or lookbehind"],
      ["(.{0,99}){0,99}!", "expands to more than 2000 automaton nodes"],
    ])("refuses %s, which it %s", (pattern, problem) => {
      expect(parseSearch(pattern)).toEqual({
        ok: false,
        message: `"${pattern}" ${problem}, which the search cannot run: it matches in one pass, without backtracking`,
      });
    });

    it("refuses it in a prefix value too", () => {
      expect(parseSearch("llama @license:(a)\\1").ok).toBe(false);
    });

    it("refuses eleven different such clauses, too many to share automata, with the reason", () => {
      const search = Array.from({ length: 11 }, (_, i) => `.{0,99}.{0,99}.{0,${99 - i}}!`).join(";");
      const parsed = parseSearch(search);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/^is too complex to run safely: /);
    });

    it("refuses a pattern whose automaton would take too much work to build, with the reason", () => {
      // The automaton must remember which of the last thirteen units were letters from a to m: 2^13 states.
      expect(parseSearch("[a-m].{12}!")).toEqual({
        ok: false,
        message:
          `is too complex to run safely: its regular expressions need more than ${SEARCH_WORK.toLocaleString("en")} ` +
          "automaton steps to compile (use fewer or smaller repetitions such as {0,99}, or fewer queries)",
      });
    });

    it(`refuses patterns on the model name that need more than ${MAX_PASSES} passes`, () => {
      // Each compiles alone; any two together would need 2^7 × 2^7 states.
      const search = ["[a-m].{6}1", "[n-z].{6}2", "[0-4].{6}3", "[5-9].{6}4"].join(";");
      const parsed = parseSearch(search);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toContain(`need more than ${MAX_PASSES} automata`);
    });

    it(`refuses more than ${MAX_CLAUSES} queries`, () => {
      expect(parseSearch(Array(MAX_CLAUSES).fill("a").join(";")).ok).toBe(true);
      expect(
        parseSearch(
          Array(MAX_CLAUSES + 1)
            .fill("a")
            .join(";"),
        ),
      ).toEqual({
        ok: false,
        message: `has more than ${MAX_CLAUSES} queries separated by ";"`,
      });
    });
  });
});
