import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretBytes, strongEnough } from "../../worker/domain/secret-strength";

describe("secret strength", () => {
  it("counts two hex digits a byte and six bits for any other character", () => {
    expect(secretBytes("ff")).toBe(1);
    expect(secretBytes("0123456789ABCDEF".repeat(4))).toBe(32);
    // `openssl rand -base64 32` prints 44 characters, the last one padding.
    expect(secretBytes("q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=")).toBe(33);
    expect(secretBytes("correct horse battery staple")).toBe(21);
    expect(secretBytes("")).toBe(0);
  });

  it("accepts exactly from 32 bytes: 64 hex digits, 43 other characters", () => {
    expect(strongEnough("a".repeat(64))).toBe(true);
    expect(strongEnough("a".repeat(63))).toBe(false);
    expect(strongEnough("z".repeat(43))).toBe(true);
    expect(strongEnough("z".repeat(42))).toBe(false);
  });

  it("never credits more than six bits a character, and more text never counts less", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 5 }), (a, b) => {
        expect(secretBytes(a)).toBeLessThanOrEqual((a.length * 6) / 8);
        if (!/^[0-9a-fA-F]*$/.test(a)) expect(secretBytes(a + b)).toBeGreaterThanOrEqual(secretBytes(a));
      }),
    );
  });
});
