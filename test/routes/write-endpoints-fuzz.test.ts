/**
 * The other writes under hostile input: signature headers, job-claim bodies, admin bodies and vote ids. Each is
 * refused with a 4xx envelope (or accepted as it should be), never a 5xx, and a refusal writes nothing.
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { signMessage } from "../../worker/domain/signatures";
import { as, signIn, testApp } from "../support/app";
import { BASE, admin, newEvaluator } from "../support/evaluators";
import { completedEvent, harnessResults } from "../support/harness";

const app = testApp();
let evaluator: { id: string; secret: string };

beforeAll(async () => {
  const ev = await newEvaluator({ name: "header fuzz lab" });
  evaluator = { id: ev.id, secret: ev.secret! };
});

/** Row counts of every table a write could touch. */
async function writes(): Promise<string> {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM evaluations) AS e, (SELECT count(*) FROM deliveries) AS d,
            (SELECT count(*) FROM evaluators) AS v, (SELECT count(*) FROM evaluator_keys) AS k,
            (SELECT count(*) FROM votes) AS o, (SELECT count(*) FROM submissions) AS s,
            (SELECT group_concat(key || '=' || value) FROM meta) AS versions`,
  ).first();
  return JSON.stringify(row);
}

async function expectRefused(res: Response, before: string) {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.status, text.slice(0, 300)).toBeLessThan(500);
  expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(await writes()).toBe(before);
}

const junk = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "v1,",
    "v1,====",
    "v1a,AAAA",
    "v2,abc",
    `v1,${"A".repeat(5000)}`,
    "1e3",
    "-0",
    "0x10",
    "NaN",
  ),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, "")),
  fc.integer().map(String),
);

describe("writes under hostile input", () => {
  describe("errors", () => {
    it("signature headers: any junk in webhook-id, -timestamp or -signature is a 4xx and writes nothing", async () => {
      const body = JSON.stringify(completedEvent(harnessResults({ model: "hdr-org/model-7b" })));
      const now = Math.floor(Date.now() / 1000);
      const good = { id: "msg_hdr", timestamp: String(now) };
      const goodSignature = await signMessage(evaluator.secret, good.id, now, new TextEncoder().encode(body));
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            id: fc.oneof(fc.constant(good.id), junk, fc.constant("x".repeat(257))),
            timestamp: fc.oneof(
              fc.constant(good.timestamp),
              junk,
              fc.constant(String(now - 301)),
              fc.constant(`${now}.5`),
            ),
            // One verifying signature among several is enough (key rotation), so none here verifies.
            signature: fc.oneof(
              junk,
              fc.constant(
                `${goodSignature.replace(/.$/, "A")} ${goodSignature.replace(/^v1,./, (head) => (head === "v1,A" ? "v1,B" : "v1,A"))}`,
              ),
            ),
          }),
          async (h) => {
            const before = await writes();
            const res = await SELF.fetch(`${BASE}/api/v1/evaluators/${evaluator.id}/events`, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "webhook-id": h.id,
                "webhook-timestamp": h.timestamp,
                "webhook-signature": h.signature,
              },
              body,
            });
            await expectRefused(res, before);
          },
        ),
        { numRuns: 60 },
      );
    }, 60_000);

    it("job claims: a signed body that is not an object with an optional short gpu string is a 400, and claims nothing", async () => {
      const acceptable = (j: string) => {
        const v = JSON.parse(j) as unknown;
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        const gpu = (v as { gpu?: unknown }).gpu;
        return !("gpu" in v) || (typeof gpu === "string" && gpu.length <= 200);
      };
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.json({ maxDepth: 3 }).filter((j) => !acceptable(j)),
            fc.constantFrom('{"gpu":1}', `{"gpu":"${"g".repeat(300)}"}`, "{", "\uFFFE{}", '{"gpu":null}'),
          ),
          async (raw) => {
            const before = await writes();
            const id = `msg_claim_${crypto.randomUUID()}`;
            const timestamp = Math.floor(Date.now() / 1000);
            const res = await SELF.fetch(`${BASE}/api/v1/evaluators/${evaluator.id}/jobs/claim`, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "webhook-id": id,
                "webhook-timestamp": String(timestamp),
                "webhook-signature": await signMessage(evaluator.secret, id, timestamp, new TextEncoder().encode(raw)),
              },
              body: raw,
            });
            await expectRefused(res, before);
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);

    it("admin API: any body that is not a valid evaluator is a 4xx and creates nothing", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .oneof(
              fc.dictionary(
                fc.constantFrom("name", "public_key", "secret", "id", "__proto__"),
                fc.jsonValue({ maxDepth: 2 }),
                { maxKeys: 3 },
              ),
              fc.constantFrom<unknown>(
                { name: "" },
                { name: " ".repeat(10) },
                { name: "x".repeat(101) },
                { name: "ok", public_key: "whpk_AAAA" },
                [],
                null,
                "name",
              ),
            )
            .filter(
              (b) =>
                !(
                  typeof b === "object" &&
                  b !== null &&
                  !Array.isArray(b) &&
                  Object.keys(b).length === 1 &&
                  typeof (b as { name?: unknown }).name === "string" &&
                  (b as { name: string }).name.trim().length > 0 &&
                  (b as { name: string }).name.trim().length <= 100
                ),
            ),
          async (b) => {
            const before = await writes();
            await expectRefused(await admin("POST", "/api/v1/admin/evaluators", b), before);
            await expectRefused(
              await admin(
                "POST",
                `/api/v1/admin/evaluators/${evaluator.id}/rotate`,
                b === null ? [] : { ...(b as object), extra: 1 },
              ),
              before,
            );
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);

    it("votes: any submission id is a 4xx envelope and writes nothing", async () => {
      const voter = await signIn("fuzz-voter");
      await fc.assert(
        fc.asyncProperty(
          // Not "." or "..": the URL parser resolves those before the Worker sees them.
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 80 }).filter((id) => id !== "." && id !== ".."),
            fc.constantFrom("%2F", "' OR 1=1 --", "x".repeat(65), "\u0000", "..%2F.."),
          ),
          fc.constantFrom("POST", "DELETE"),
          async (id, method) => {
            const before = await writes();
            const res = await app.fetch(`/api/v1/submissions/${encodeURIComponent(id)}/vote`, {
              method,
              headers: as(voter, `192.0.2.${Math.floor(Math.random() * 250)}`),
            });
            await expectRefused(res, before);
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);
  });
});
