import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSearch } from "../../worker/domain/search";

/**
 * The search runs user regular expressions over every row, on the server and in the browser. JavaScript regexes
 * backtrack: `(.|.)*!` against a 36-character model id takes minutes (measured: 24 characters, 275 ms; each
 * more character doubles it), and `.*.*.*!` over the final data's 4,576 ids takes 2.4 s. Patterns whose work can
 * grow exponentially or as a high power of the id's length are refused before they run.
 */
describe("search regular expressions", () => {
  describe("errors", () => {
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
      "(a)\\1*b",
      "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaa",
      "a?b?c?d?",
      ".*.*.*!",
      "[a-z]+[0-9]{2,}.*!",
    ])("refuses %s, which can take exponential or high-polynomial time", (pattern) => {
      const parsed = parseSearch(pattern);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/too much backtracking/);
    });

    it("refuses it in a prefix value too", () => {
      expect(parseSearch("llama @license:(a+)+b").ok).toBe(false);
    });
  });

  describe("happy", () => {
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

    it("never throws, whatever the text", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (text) => {
          const parsed = parseSearch(text);
          expect(typeof parsed.ok).toBe("boolean");
        }),
        { numRuns: 500 },
      );
    });
  });
});
