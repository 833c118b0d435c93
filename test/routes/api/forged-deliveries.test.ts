/**
 * Forged deliveries must be cheap to refuse. Evaluator ids are public, so anyone can POST 16 MiB with a header
 * full of fake signatures: the Worker may hash that body at most once per key of the evaluator, and must refuse
 * without reading the body at all what cannot verify (no plausible signature, no key of that scheme, an unknown
 * or revoked evaluator). HMAC passes are counted on WebCrypto itself (the worker runs in this isolate).
 */
import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateEd25519KeyPair } from "../../../worker/domain/signatures";
import { toBase64 } from "../../../worker/domain/encoding";
import { admin, BASE, newEvaluator } from "../../support/evaluators";

const MiB = 1024 * 1024;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A random 32-byte `v1,` entry: the right length and alphabet, so only an HMAC can tell it is fake. */
const fakeV1 = () => `v1,${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;

/** Counts WebCrypto sign/verify calls whose data is at least `minBytes` long (passes over the body). */
function countPasses(minBytes: number): () => number {
  const sign = vi.spyOn(crypto.subtle, "sign");
  const verify = vi.spyOn(crypto.subtle, "verify");
  return () =>
    [...sign.mock.calls.map((c) => c[2]), ...verify.mock.calls.map((c) => c[3])].filter(
      (data) => (data as ArrayBufferView).byteLength >= minBytes,
    ).length;
}

/** A body of `chunks` × 64 KiB streamed to the Worker; `pulled()` says how many chunks it asked for. */
function streamedBody(chunks: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

function forged(evaluatorId: string, signature: string, body: BodyInit, extra: Record<string, string> = {}) {
  return SELF.fetch(`${BASE}/api/v1/evaluators/${evaluatorId}/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": `msg_forged_${crypto.randomUUID()}`,
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": signature,
      ...extra,
    },
    body,
  });
}

async function expect401(res: Response, message: string | RegExp) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message).toMatch(message);
}

describe("forged deliveries", () => {
  describe("auth", () => {
    it("a forged 16 MiB delivery with 16 fake signatures costs one HMAC pass per active key", async () => {
      const ev = await newEvaluator();
      // Mid-rotation: two active HMAC keys, the worst case an evaluator can have.
      expect((await admin("POST", `/api/v1/admin/evaluators/${ev.id}/rotate`)).status).toBe(200);
      const passes = countPasses(MiB);
      const header = Array.from({ length: 16 }, fakeV1).join(" ");
      const body = `{"pad":"${"x".repeat(16 * MiB - 10)}"}`;
      await expect401(
        await forged(ev.id, header, body),
        "No signature in webhook-signature verifies for this evaluator",
      );
      expect(passes()).toBe(2);
    }, 60_000);

    it("a header with no signature that could verify is refused before the body is read", async () => {
      const ev = await newEvaluator();
      const passes = countPasses(1);
      for (const header of [
        "v1,AAAA",
        `v2,${toBase64(new Uint8Array(32))}`,
        `v1,${"!".repeat(44)}`,
        `v1,${toBase64(new Uint8Array(31))} v1,${toBase64(new Uint8Array(33))}`,
        `v1a,${toBase64(new Uint8Array(32))}`,
        "garbage, v1",
      ]) {
        const stream = streamedBody(256);
        await expect401(await forged(ev.id, header, stream.body), /^No signature in webhook-signature is a v1 /);
        expect(stream.pulled(), header).toBeLessThanOrEqual(2);
      }
      expect(passes()).toBe(0);
    });

    it("signatures only of a scheme the evaluator has no key for are refused before the body is read", async () => {
      const pair = await generateEd25519KeyPair();
      const ev = await newEvaluator({ public_key: pair.publicKey });
      const stream = streamedBody(256);
      const passes = countPasses(1);
      await expect401(await forged(ev.id, `${fakeV1()} ${fakeV1()}`, stream.body), /has a key for \(v1a\)/);
      expect(stream.pulled()).toBeLessThanOrEqual(2);
      expect(passes()).toBe(0);
    });

    it("more than 16 signatures are refused before the body is read", async () => {
      const ev = await newEvaluator();
      const stream = streamedBody(256);
      await expect401(
        await forged(ev.id, Array.from({ length: 17 }, fakeV1).join(" "), stream.body),
        "The webhook-signature header has more than 16 signatures",
      );
      expect(stream.pulled()).toBeLessThanOrEqual(2);
    });

    it("an unknown or revoked evaluator is refused before the body is read", async () => {
      const ev = await newEvaluator();
      expect((await admin("DELETE", `/api/v1/admin/evaluators/${ev.id}`)).status).toBe(200);
      for (const [id, message] of [
        ["ev_unknown", "Unknown evaluator"],
        [ev.id, "This evaluator has been revoked"],
      ] as const) {
        const stream = streamedBody(256);
        await expect401(await forged(id, fakeV1(), stream.body), message);
        expect(stream.pulled()).toBeLessThanOrEqual(2);
      }
    });

    it("an evaluator whose every key has expired is refused before the body is read", async () => {
      const ev = await newEvaluator();
      await env.DB.prepare("update evaluator_keys set expires_at = ? where evaluator_id = ?")
        .bind(Date.now() - 1, ev.id)
        .run();
      const stream = streamedBody(256);
      await expect401(await forged(ev.id, fakeV1(), stream.body), "This evaluator has no active key");
      expect(stream.pulled()).toBeLessThanOrEqual(2);
    });

    it("Ed25519 evaluators check at most two v1a signatures per key", async () => {
      const pair = await generateEd25519KeyPair();
      const ev = await newEvaluator({ public_key: pair.publicKey });
      const fakeV1a = () => `v1a,${toBase64(crypto.getRandomValues(new Uint8Array(64)))}`;
      const passes = countPasses(MiB);
      const body = `{"pad":"${"x".repeat(4 * MiB)}"}`;
      await expect401(
        await forged(ev.id, Array.from({ length: 3 }, fakeV1a).join(" "), body),
        "The webhook-signature header has more than 2 v1a (Ed25519) signatures",
      );
      expect(passes()).toBe(0);
      await expect401(
        await forged(ev.id, `${fakeV1a()} ${fakeV1a()}`, body),
        "No signature in webhook-signature verifies for this evaluator",
      );
      expect(passes()).toBe(2);
    }, 30_000);
  });
});
