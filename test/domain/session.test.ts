import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signSession, verifySession } from "../../worker/domain/session";

const SECRET = "unit-test-secret-0123456789";

describe("session cookie values", () => {
  it("verify with the same secret before expiry", async () => {
    const value = await signSession({ sid: "session-1", exp: 2000 }, SECRET);
    expect(await verifySession(value, SECRET, 1999)).toEqual({ sid: "session-1", exp: 2000 });
  });

  it("fail at expiry, under another secret, and for any single changed character", async () => {
    const value = await signSession({ sid: "session-1", exp: 2000 }, SECRET);
    expect(await verifySession(value, SECRET, 2000)).toBeNull();
    expect(await verifySession(value, "another-secret-0123456789", 1)).toBeNull();
    await fc.assert(
      fc.asyncProperty(fc.nat(value.length - 1), fc.constantFrom(..."ABCabc019-_."), async (i, ch) => {
        fc.pre(value[i] !== ch);
        const changed = value.slice(0, i) + ch + value.slice(i + 1);
        expect(await verifySession(changed, SECRET, 1)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("never throw on junk", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (junk) => {
        expect(await verifySession(junk, SECRET, 1)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("refuse a short secret", async () => {
    await expect(signSession({ sid: "x", exp: 1 }, "short")).rejects.toThrow(/at least 16/);
  });
});
