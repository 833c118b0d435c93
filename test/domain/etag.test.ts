import { describe, expect, it } from "vitest";
import { ifNoneMatchHits, sha256Hex } from "../../worker/domain/etag";

describe("sha256Hex", () => {
  it("is the SHA-256 in hex, cut to the asked number of bytes", async () => {
    const full = await sha256Hex("abc");
    expect(full).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("abc", 12)).toBe(full.slice(0, 24));
  });
});

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
