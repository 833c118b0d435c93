import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openSecret, sealSecret } from "../../worker/domain/secrets-box";
import { fromBase64, sha256Hex, toBase64 } from "../../worker/domain/encoding";
import {
  generateEd25519KeyPair,
  generateHmacSecret,
  parseEd25519PublicKey,
  parseEd25519SecretKey,
  parseHmacSecret,
  parseSignatureHeader,
  readSignedContent,
  signedContent,
  signedHeaders,
  signedPrefix,
  signMessage,
  timestampProblem,
  verifySignatureHeader,
  verifySignatures,
  type VerifyKey,
} from "../../worker/domain/signatures";

const encoder = new TextEncoder();
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const hmacKey = (s: string): VerifyKey => ({ scheme: "v1", secret: parseHmacSecret(s)! });
const body = encoder.encode('{"type":"evaluation.started","timestamp":"2026-11-29T12:00:00Z","data":{"job_id":"j1"}}');
const ts = 1_764_417_600;

describe("v1 HMAC-SHA256", () => {
  it("verifies a signature made by the npm standardwebhooks library", async () => {
    const header = new Webhook(secret).sign("msg_1", new Date(ts * 1000), new TextDecoder().decode(body));
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "msg_1", String(ts), body)).toBe("v1");
  });

  it("signs exactly as the library does, and the library verifies it", async () => {
    const ours = await signMessage(secret, "msg_1", ts, body);
    expect(ours).toBe(new Webhook(secret).sign("msg_1", new Date(ts * 1000), new TextDecoder().decode(body)));
    const now = Math.floor(Date.now() / 1000);
    const fresh = await signMessage(secret, "msg_2", now, body);
    const headers = { "webhook-id": "msg_2", "webhook-timestamp": String(now), "webhook-signature": fresh };
    expect(new Webhook(secret).verify(new TextDecoder().decode(body), headers)).toMatchObject({
      type: "evaluation.started",
    });
  });

  it("refuses a tampered body, another id or timestamp, and another secret", async () => {
    const header = await signMessage(secret, "msg_1", ts, body);
    const tampered = encoder.encode(new TextDecoder().decode(body).replace("j1", "j2"));
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "msg_1", String(ts), tampered)).toBeNull();
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "msg_X", String(ts), body)).toBeNull();
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "msg_1", String(ts + 1), body)).toBeNull();
    expect(await verifySignatureHeader(header, [hmacKey(generateHmacSecret())], "msg_1", String(ts), body)).toBeNull();
  });

  it("accepts when any one of several signatures verifies with any key (rotation)", async () => {
    const other = generateHmacSecret();
    const header = `v1,${"A".repeat(43)}= ${await signMessage(other, "m", ts, body)} garbage v1,`;
    expect(await verifySignatureHeader(header, [hmacKey(secret), hmacKey(other)], "m", String(ts), body)).toBe("v1");
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "m", String(ts), body)).toBeNull();
  });
});

describe("v1a Ed25519", () => {
  it("generates a whsk_/whpk_ pair whose signatures verify with the public key only", async () => {
    const pair = await generateEd25519KeyPair();
    expect(parseEd25519SecretKey(pair.secretKey)).toHaveLength(32);
    const publicKey = parseEd25519PublicKey(pair.publicKey)!;
    const header = await signMessage(pair.secretKey, "m", ts, body);
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(await verifySignatureHeader(header, [{ scheme: "v1a", publicKey }], "m", String(ts), body)).toBe("v1a");
    const stranger = parseEd25519PublicKey((await generateEd25519KeyPair()).publicKey)!;
    expect(
      await verifySignatureHeader(header, [{ scheme: "v1a", publicKey: stranger }], "m", String(ts), body),
    ).toBeNull();
    expect(
      await verifySignatureHeader(header, [{ scheme: "v1a", publicKey }], "m", String(ts), encoder.encode("{}")),
    ).toBeNull();
  });

  it("never checks a v1a signature against an HMAC key or the reverse", async () => {
    const pair = await generateEd25519KeyPair();
    const header = (await signMessage(pair.secretKey, "m", ts, body)).replace(/^v1a,/, "v1,");
    expect(await verifySignatureHeader(header, [hmacKey(secret)], "m", String(ts), body)).toBeNull();
  });
});

describe("keys", () => {
  it("parses only well-formed secrets and keys", () => {
    expect(parseHmacSecret(secret)).toHaveLength(24);
    expect(parseHmacSecret("whsec_short")).toBeNull();
    expect(parseHmacSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBeNull();
    expect(parseEd25519PublicKey(`whpk_${btoa("x".repeat(31))}`)).toBeNull();
    expect(generateHmacSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it("refuses to sign with anything but whsec_ or whsk_", async () => {
    await expect(signMessage("whpk_abc", "m", ts, body)).rejects.toThrow(/whsec_/);
  });
});

describe("timestamps", () => {
  const now = 1_800_000_000;
  it("accepts up to 5 minutes either way and names what is wrong otherwise", () => {
    expect(timestampProblem(String(now), now)).toBeNull();
    expect(timestampProblem(String(now - 300), now)).toBeNull();
    expect(timestampProblem(String(now + 300), now)).toBeNull();
    expect(timestampProblem(String(now - 301), now)).toBe("stale");
    expect(timestampProblem(String(now + 301), now)).toBe("future");
    expect(timestampProblem("1.5e9", now)).toBe("missing");
    expect(timestampProblem("", now)).toBe("missing");
    expect(timestampProblem(null, now)).toBe("missing");
  });
});

describe("secrets at rest", () => {
  const MASTER_1 = "master-key-one-0123456789-abcdefghijklmnopqrstuvwxyz";
  const MASTER_2 = "master-key-two-0123456789-abcdefghijklmnopqrstuvwxyz";

  it("seals a secret so that only the master key and the same key id open it", async () => {
    const sealed = await sealSecret(secret, MASTER_1, "key_a");
    expect(sealed).toMatch(/^aesgcm1:/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(await openSecret(sealed, MASTER_1, "key_a")).toBe(secret);
    await expect(openSecret(sealed, MASTER_2, "key_a")).rejects.toThrow();
    await expect(openSecret(sealed, MASTER_1, "key_b")).rejects.toThrow();
    expect(await sealSecret(secret, MASTER_1, "key_a")).not.toBe(sealed);
  });

  it("refuses a master key shorter than 32 bytes rather than sealing under it", async () => {
    await expect(sealSecret(secret, "0123456789abcdef".repeat(4).slice(1), "key_a")).rejects.toThrow(
      /EVALUATOR_SECRETS_KEY is too short/,
    );
    await expect(sealSecret(secret, "", "key_a")).rejects.toThrow(/EVALUATOR_SECRETS_KEY is too short/);
  });
});

describe("sha256Hex", () => {
  it("is the SHA-256 of text or bytes in hex", async () => {
    const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await sha256Hex("abc")).toBe(abc);
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe(abc);
  });
});

describe("signedHeaders", () => {
  it("gives the three Standard Webhooks headers, which the reference library verifies", async () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = await signedHeaders(secret, "msg_h", now, body);
    expect(headers["webhook-id"]).toBe("msg_h");
    expect(headers["webhook-timestamp"]).toBe(String(now));
    expect(() => new Webhook(secret).verify(new TextDecoder().decode(body), headers)).not.toThrow();
  });
});

describe("forged signatures are cheap to refuse", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const random = (n: number) => toBase64(crypto.getRandomValues(new Uint8Array(n)));

  it("keeps only entries that could verify, each once, without any crypto", () => {
    const sign = vi.spyOn(crypto.subtle, "sign");
    const v1 = `v1,${random(32)}`;
    const v1a = `v1a,${random(64)}`;
    const parsed = parseSignatureHeader(
      [
        v1,
        v1,
        "v1,AAAA",
        `v1,${random(31)}`,
        `v1,${random(33)}`,
        `v2,${random(32)}`,
        `v1a,${random(32)}`,
        `v1,${"*".repeat(44)}`,
        "v1",
        ",",
        v1a,
      ].join(" "),
    );
    expect(parsed).toEqual({
      entries: [
        { scheme: "v1", signature: fromBase64(v1.slice(3)) },
        { scheme: "v1a", signature: fromBase64(v1a.slice(4)) },
      ],
    });
    expect(parseSignatureHeader("v1,AAAA v1a,AAAA junk")).toEqual({
      problem: "No signature in webhook-signature is a v1 (HMAC-SHA256) or v1a (Ed25519) signature of the right length",
    });
    expect(parseSignatureHeader(Array.from({ length: 17 }, () => `v1,${random(32)}`).join(" "))).toEqual({
      problem: "The webhook-signature header has more than 16 signatures",
    });
    expect(parseSignatureHeader(Array.from({ length: 16 }, () => `v1,${random(32)}`).join(" "))).toHaveProperty(
      "entries",
    );
    expect(parseSignatureHeader(Array.from({ length: 3 }, () => `v1a,${random(64)}`).join(" "))).toEqual({
      problem: "The webhook-signature header has more than 2 v1a (Ed25519) signatures",
    });
    expect(sign).not.toHaveBeenCalled();
  });

  it("computes each HMAC key's MAC once and compares it with every entry", async () => {
    const other = generateHmacSecret();
    const keys = [hmacKey(other), hmacKey(secret)];
    const fakes = Array.from({ length: 15 }, () => `v1,${random(32)}`);
    const sign = vi.spyOn(crypto.subtle, "sign");
    const verify = vi.spyOn(crypto.subtle, "verify");
    expect(
      await verifySignatureHeader([...fakes, `v1,${random(32)}`].join(" "), keys, "m", String(ts), body),
    ).toBeNull();
    expect(sign).toHaveBeenCalledTimes(2);
    const real = await signMessage(secret, "m", ts, body);
    sign.mockClear();
    expect(await verifySignatureHeader([...fakes, real].join(" "), keys, "m", String(ts), body)).toBe("v1");
    expect(sign).toHaveBeenCalledTimes(2);
    expect(verify).not.toHaveBeenCalled();
  });

  it("checks each v1a entry once per Ed25519 key and never a v1a entry with an HMAC key", async () => {
    const pair = await generateEd25519KeyPair();
    const keys: VerifyKey[] = [hmacKey(secret), { scheme: "v1a", publicKey: parseEd25519PublicKey(pair.publicKey)! }];
    const verify = vi.spyOn(crypto.subtle, "verify");
    const sign = vi.spyOn(crypto.subtle, "sign");
    const header = `v1a,${random(64)} v1a,${random(64)}`;
    expect(await verifySignatureHeader(header, keys, "m", String(ts), body)).toBeNull();
    expect(verify).toHaveBeenCalledTimes(2);
    expect(sign).not.toHaveBeenCalled();
  });

  it("reads the body once, into the buffer the HMAC runs on", async () => {
    const text = JSON.stringify({ pad: "y".repeat(20_000) });
    const bytes = encoder.encode(text);
    const prefix = signedPrefix("msg_once", ts);
    const read = await readSignedContent(chunked(bytes, 1000), prefix, bytes.length, 1 << 20);
    if (!("content" in read)) throw new Error(read.problem);
    expect(read.content.buffer.byteLength).toBe(prefix.length + bytes.length);
    expect(read.content).toEqual(signedContent("msg_once", ts, bytes));
    const sign = vi.spyOn(crypto.subtle, "sign");
    const parsed = parseSignatureHeader(await signMessage(secret, "msg_once", ts, bytes));
    sign.mockClear();
    if (!("entries" in parsed)) throw new Error(parsed.problem);
    expect(await verifySignatures(parsed.entries, [hmacKey(secret)], read.content)).toBe("v1");
    expect((sign.mock.calls[0]![2] as Uint8Array).buffer).toBe(read.content.buffer);
  });

  it("reads a body of unknown length whole, and stops at the limit or at its Content-Length", async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10_000));
    const prefix = signedPrefix("m", ts);
    const whole = await readSignedContent(chunked(bytes, 4096), prefix, null, 10_000);
    expect(whole).toEqual({ content: signedContent("m", ts, bytes) });
    const shorter = await readSignedContent(chunked(bytes, 4096), prefix, 12_000, 12_000);
    expect(shorter).toEqual({ content: signedContent("m", ts, bytes) });

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(4096));
      },
    });
    expect(await readSignedContent(endless, prefix, null, 40_000)).toEqual({ problem: "too large" });
    expect(pulled).toBeLessThan(15);
    expect(await readSignedContent(chunked(bytes, 4096), prefix, 9_999, 12_000)).toEqual({
      problem: "longer than declared",
    });
    expect(await readSignedContent(chunked(bytes, 4096), prefix, 10_001, 10_000)).toEqual({ problem: "too large" });
    expect(await readSignedContent(null, prefix, null, 10)).toEqual({ content: prefix });
  });
});

/** `bytes` as a stream of `size`-byte chunks, as a network body arrives. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}
