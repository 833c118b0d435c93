import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signSession, signValue, verifySession, verifyValue } from "../../worker/domain/session";

const SECRET = "unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

describe("session cookie values", () => {
  it("verify with the same secret before expiry", async () => {
    const value = await signSession({ sid: "session-1", exp: 2000 }, SECRET);
    expect(await verifySession(value, { current: SECRET }, 1999)).toEqual({
      payload: { sid: "session-1", exp: 2000 },
      previous: false,
    });
  });

  it("fail at expiry, under another secret, and for any single changed character", async () => {
    const value = await signSession({ sid: "session-1", exp: 2000 }, SECRET);
    expect(await verifySession(value, { current: SECRET }, 2000)).toBeNull();
    expect(
      await verifySession(value, { current: "another-secret-0123456789-abcdefghijklmnopqrstuvwxyz" }, 1),
    ).toBeNull();
    await fc.assert(
      fc.asyncProperty(fc.nat(value.length - 1), fc.constantFrom(..."ABCabc019-_."), async (i, ch) => {
        fc.pre(value[i] !== ch);
        const changed = value.slice(0, i) + ch + value.slice(i + 1);
        expect(await verifySession(changed, { current: SECRET }, 1)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("never throw on junk", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (junk) => {
        expect(await verifySession(junk, { current: SECRET }, 1)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("refuse a secret shorter than 32 bytes", async () => {
    await expect(signSession({ sid: "x", exp: 1 }, "0123456789abcdef".repeat(4).slice(1))).rejects.toThrow(
      /SESSION_SECRET is too short/,
    );
    const signedElsewhere = await signSession({ sid: "x", exp: 2 }, `${SECRET}-elsewhere`);
    await expect(verifySession(signedElsewhere, { current: SECRET, previous: "short" }, 1)).rejects.toThrow(
      /too short/,
    );
  });

  it("are signed with a key derived for their purpose: a session value is not an OAuth state value, nor the reverse", async () => {
    const payload = { sid: "session-1", exp: 2000 };
    const asSession = await signValue(payload, SECRET, "session");
    const asState = await signValue(payload, SECRET, "oauth-state");
    expect(asSession).not.toBe(asState);
    const any = () => true;
    expect(await verifyValue(asSession, { current: SECRET }, "session", 1, any)).toEqual({ payload, previous: false });
    expect(await verifyValue(asState, { current: SECRET }, "oauth-state", 1, any)).toEqual({
      payload,
      previous: false,
    });
    expect(await verifyValue(asSession, { current: SECRET }, "oauth-state", 1, any)).toBeNull();
    expect(await verifyValue(asState, { current: SECRET }, "session", 1, any)).toBeNull();
  });

  it("are not MACed with the secret itself: an HMAC keyed directly by SESSION_SECRET does not verify", async () => {
    const encoder = new TextEncoder();
    const body = btoa(JSON.stringify({ sid: "session-1", exp: 2000 })).replace(/=+$/, "");
    const key = await crypto.subtle.importKey("raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
    const raw = `${body}.${btoa(String.fromCharCode(...mac))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "")}`;
    expect(await verifySession(raw, { current: SECRET }, 1)).toBeNull();
  });

  it("verify under the previous secret during a rotation, saying so; never under a secret that is neither", async () => {
    const OLD = "unit-test-old-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    const value = await signSession({ sid: "session-1", exp: 2000 }, OLD);
    expect(await verifySession(value, { current: SECRET, previous: OLD }, 1)).toEqual({
      payload: { sid: "session-1", exp: 2000 },
      previous: true,
    });
    expect(await verifySession(value, { current: SECRET }, 1)).toBeNull();
    expect(await verifySession(value, { current: OLD, previous: SECRET }, 1)).toEqual({
      payload: { sid: "session-1", exp: 2000 },
      previous: false,
    });
  });
});
