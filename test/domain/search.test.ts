import { describe, expect, it } from "vitest";
import { matchesSearch, MAX_SEARCH_LENGTH, parseSearch, type SearchTarget } from "../../worker/domain/search";

const target = (model: string, more: Partial<SearchTarget> = {}): SearchTarget => ({
  model: model.toLowerCase(),
  architecture: "llamaforcausallm",
  license: "apache-2.0",
  precision: "bfloat16",
  type: "chat",
  ...more,
});

function matches(search: string, t: SearchTarget): boolean {
  const parsed = parseSearch(search);
  if (!parsed.ok) throw new Error(parsed.message);
  return matchesSearch(parsed.clauses, t);
}

describe("parseSearch", () => {
  describe("happy", () => {
    it("matches everything when empty or only separators", () => {
      for (const text of ["", "   ", ";", " ; ; "]) {
        const parsed = parseSearch(text);
        expect(parsed).toEqual({ ok: true, clauses: [] });
        expect(matches(text, target("anything"))).toBe(true);
      }
    });

    it("treats plain text as a case-insensitive substring of the model id", () => {
      expect(matches("LLAMA-3", target("meta-llama/Llama-3.1-8B"))).toBe(true);
      expect(matches("mistral", target("meta-llama/Llama-3.1-8B"))).toBe(false);
    });

    it("keeps several words as one phrase", () => {
      expect(matches("a b", target("org/a b"))).toBe(true);
      expect(matches("a  b", target("org/a b"))).toBe(true);
      expect(matches("a b", target("org/a-b"))).toBe(false);
    });

    it("uses a case-insensitive regular expression when the text has special characters", () => {
      expect(matches("^qwen/", target("Qwen/Qwen2.5-7B"))).toBe(true);
      expect(matches("^qwen/", target("x/Qwen2.5-7B"))).toBe(false);
      expect(matches("7b$|8b$", target("meta-llama/Llama-3.1-8B"))).toBe(true);
      expect(matches("[A-Z]{5}", target("org/ABCDE"))).toBe(true);
    });

    it("combines prefixes and free text with AND inside one query", () => {
      const t = target("meta-llama/Llama-3.1-8B");
      expect(matches("meta @architecture:llama", t)).toBe(true);
      expect(matches("meta @architecture:qwen", t)).toBe(false);
      expect(matches("@license:apache @precision:bfloat16 @type:chat", t)).toBe(true);
      expect(matches("@license:mit @precision:bfloat16", t)).toBe(false);
    });

    it("matches precision and type as whole values, architecture and license as substrings", () => {
      const bf16 = target("x/y", { precision: "bfloat16" });
      const f16 = target("x/y", { precision: "float16" });
      expect(matches("@precision:float16", f16)).toBe(true);
      expect(matches("@precision:float16", bf16)).toBe(false);
      expect(matches("@precision:FLOAT16", f16)).toBe(true);
      expect(matches("@precision:float", f16)).toBe(false);
      const pretrained = target("x/y", { type: "pretrained" });
      const continued = target("x/y", { type: "continuously-pretrained" });
      expect(matches("@type:pretrained", pretrained)).toBe(true);
      expect(matches("@type:pretrained", continued)).toBe(false);
      expect(matches("@type:chat", target("x/y"))).toBe(true);
      expect(matches("@type:rlhf", target("x/y"))).toBe(false);
      expect(matches("@architecture:llama", target("x/y", { architecture: "llamaforcausallm" }))).toBe(true);
      expect(matches("@license:apache", target("x/y", { license: "apache-2.0" }))).toBe(true);
    });

    it("anchors a regular expression on a whole-value field at both ends", () => {
      const bf16 = target("x/y", { precision: "bfloat16" });
      const f16 = target("x/y", { precision: "float16" });
      expect(matches("@precision:.?float16", bf16)).toBe(true);
      expect(matches("@precision:.?float16", f16)).toBe(true);
      expect(matches("@precision:float1.", bf16)).toBe(false);
      expect(matches("@precision:float1.", f16)).toBe(true);
      expect(matches("@precision:4bit|float16", f16)).toBe(true);
      expect(matches("@precision:4bit|float16", bf16)).toBe(false);
      expect(matches("@type:.*pretrained", target("x/y", { type: "continuously-pretrained" }))).toBe(true);
      // A repeated term on another field keeps substring matching there.
      expect(matches("@license:float1.; @precision:float1.", target("x/y", { license: "bfloat16-ish" }))).toBe(true);
    });

    it("accepts prefixes in any case and regex prefix values", () => {
      const t = target("x/y", { architecture: "qwen2forcausallm" });
      expect(matches("@Architecture:QWEN", t)).toBe(true);
      expect(matches("@architecture:^qwen2", t)).toBe(true);
      expect(matches("@architecture:^llama", t)).toBe(false);
    });

    it("combines `;`-separated queries with OR (the reference example)", () => {
      const search = "meta @architecture:llama; 7b @license:apache";
      expect(matches(search, target("meta-llama/Llama-3.1-8B", { license: "llama3.1" }))).toBe(true);
      expect(matches(search, target("mistralai/Mistral-7B", { architecture: "mistralforcausallm" }))).toBe(true);
      expect(
        matches(search, target("mistralai/Mistral-7B", { architecture: "mistralforcausallm", license: "mit" })),
      ).toBe(false);
      expect(matches(search, target("meta/other", { architecture: "gpt2", license: "mit" }))).toBe(false);
      const parsed = parseSearch(search);
      expect(parsed.ok && parsed.clauses).toHaveLength(2);
    });

    it("ignores an empty prefix value", () => {
      expect(matches("@license: meta", target("meta-llama/x", { license: "" }))).toBe(true);
    });
  });

  describe("errors", () => {
    it("refuses an invalid regular expression without throwing", () => {
      const parsed = parseSearch("llama(");
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(/"llama\(" is not a valid regular expression/);
    });

    it("refuses an invalid regular expression in a prefix and in a later query", () => {
      expect(parseSearch("@license:[a").ok).toBe(false);
      expect(parseSearch("fine; bad[").ok).toBe(false);
    });

    it("refuses an unknown prefix, naming the ones that exist", () => {
      const parsed = parseSearch("@size:7b");
      expect(parsed).toEqual({
        ok: false,
        message: "unknown search prefix @size: (use @architecture: @license: @precision: @type:)",
      });
    });

    it("refuses a text longer than the limit", () => {
      expect(parseSearch("a".repeat(MAX_SEARCH_LENGTH)).ok).toBe(true);
      expect(parseSearch("a".repeat(MAX_SEARCH_LENGTH + 1))).toEqual({
        ok: false,
        message: `is longer than ${MAX_SEARCH_LENGTH} characters`,
      });
    });
  });
});
