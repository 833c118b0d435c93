import { describe, expect, it } from "vitest";
import { ifNoneMatchHits } from "../../worker/edge/response-cache";

describe("ifNoneMatchHits", () => {
  it("matches a listed tag, weakly, and the wildcard", () => {
    expect(ifNoneMatchHits('"x", "abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"abc"', 'W/"abc"')).toBe(true);
    expect(ifNoneMatchHits("*", '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"x", *', '"abc"')).toBe(true);
  });

  it("refuses a missing header and other tags", () => {
    expect(ifNoneMatchHits(undefined, '"abc"')).toBe(false);
    expect(ifNoneMatchHits("", '"abc"')).toBe(false);
    expect(ifNoneMatchHits('"abcd"', '"abc"')).toBe(false);
  });
});
