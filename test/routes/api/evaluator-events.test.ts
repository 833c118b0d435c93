import { env, SELF } from "cloudflare:test";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import fixtureText from "../../fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json?raw";
import { generateEd25519KeyPair } from "../../../worker/domain/signatures";
import { sha256Hex } from "../../../worker/domain/encoding";
import { database } from "../../../worker/store/db";
import { deliveries, evaluations } from "../../../worker/store/schema";
import { demoData } from "../../support/demo";
import { countingD1 } from "../../../bench/counting-d1";
import { testApp } from "../../support/app";
import { admin, BASE, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessFromRow, harnessResults } from "../../support/harness";

const db = database(env.DB);
const evaluationCount = async () => (await db.select({ n: count() }).from(evaluations).get())!.n;
const fullRun = (model: string, extra: Record<string, unknown> = {}) =>
  completedEvent(harnessResults({ model }), extra);

async function leaderboardModels(): Promise<string[]> {
  const body = (await (await SELF.fetch(`${BASE}/api/v1/leaderboard?limit=500`)).json()) as any;
  return body.data.map((e: any) => e.model.id);
}

describe("POST /api/v1/evaluators/{id}/events", () => {
  describe("happy", () => {
    it("stores a full run built from a real row as ranked, with the row's scores, and ranks it", async () => {
      const ev = await newEvaluator({ trust: "trusted" });
      const row = demoData().evaluations.find((r) => r.modelId === "01-ai/Yi-1.5-34B")!;
      const body = completedEvent(harnessFromRow(row), { hardware: { gpu: "H100", count: 8 }, job_id: "job_1" });
      const raw = JSON.stringify(body);
      const res = await postSigned(ev.id, ev.secret!, raw, { webhookId: "msg_yi" });
      expect(res.status).toBe(201);
      const answer = (await res.json()) as any;
      expect(answer).toMatchObject({
        evaluation_id: expect.stringMatching(/^ev_/),
        model_id: "01-ai/Yi-1.5-34B",
        revision: row.revision,
        precision: "bfloat16",
        status: "ranked",
        evaluator_id: ev.id,
      });
      expect(Math.abs(answer.average - row.average)).toBeLessThan(1e-9);
      expect(Math.abs(answer.scores.gpqa.normalized - row.scores.gpqa.normalized)).toBeLessThan(1e-9);
      expect(answer.provenance).toMatchObject({
        webhookId: "msg_yi",
        bodySha256: await sha256Hex(raw),
        signatureScheme: "v1",
        harnessVersion: "0.4.9.1",
        harnessGitHash: "3e091a1",
        transformersVersion: "4.57.0",
        hardware: { gpu: "H100", count: 8 },
        jobId: "job_1",
        evaluationSeconds: 3600,
        partialReasons: [],
      });
      const stored = await db.select().from(evaluations).where(eq(evaluations.id, answer.evaluation_id)).get();
      expect(stored).toMatchObject({ status: "ranked", evaluatorId: ev.id, source: "evaluator" });
      // The large `configs` block is hashed with the body, never stored.
      expect(JSON.stringify(stored)).not.toContain("dataset_path");
      expect(await leaderboardModels()).toContain("01-ai/Yi-1.5-34B");
    });

    it("accepts the real --limit 1 results file as partial, never ranked", async () => {
      const ev = await newEvaluator();
      const res = await postSigned(
        ev.id,
        ev.secret!,
        `{"type":"evaluation.completed","timestamp":"2026-11-29T12:00:00Z","data":{"lm_eval":${fixtureText}}}`,
      );
      expect(res.status).toBe(201);
      const answer = (await res.json()) as any;
      expect(answer).toMatchObject({ model_id: "Qwen/Qwen3-8B", precision: "4bit", status: "partial" });
      // All six benchmarks are there (one sample each), so it has an average; it is still never ranked.
      expect(answer.average).toBeCloseTo((100 / 6 + 1400 / 24 + 200 / 7 + 100 / 9 + 200 / 3 + 100) / 6, 9);
      expect(answer.provenance.partialReasons).toContain("run with --limit 1");
      const stored = await db.select().from(evaluations).where(eq(evaluations.id, answer.evaluation_id)).get();
      expect(stored?.status).toBe("partial");
      // The inline samples (~500 KB) are not kept.
      expect(JSON.stringify(stored).length).toBeLessThan(20_000);
      expect(await leaderboardModels()).not.toContain("Qwen/Qwen3-8B");
    });

    it("answers a replay of the same webhook-id with the first answer (200) and stores nothing twice", async () => {
      const ev = await newEvaluator();
      const raw = JSON.stringify(fullRun("org/replayed"));
      const first = await postSigned(ev.id, ev.secret!, raw, { webhookId: "msg_replay" });
      expect(first.status).toBe(201);
      const firstBody = await first.json();
      const before = await evaluationCount();
      const again = await postSigned(ev.id, ev.secret!, raw, { webhookId: "msg_replay" });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(firstBody);
      expect(await evaluationCount()).toBe(before);
    });

    it("refuses a reused webhook-id carrying a different body (409), storing nothing", async () => {
      const ev = await newEvaluator();
      await postSigned(ev.id, ev.secret!, fullRun("org/reused-a"), { webhookId: "msg_reused" });
      const before = await evaluationCount();
      const res = await postSigned(ev.id, ev.secret!, fullRun("org/reused-b"), { webhookId: "msg_reused" });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error: {
          code: "conflict",
          message:
            "webhook-id msg_reused was already used for a different body; use a new webhook-id for a new message",
        },
      });
      expect(await evaluationCount()).toBe(before);
    });

    it("returns the provenance, subtasks and history through the model API", async () => {
      const ev = await newEvaluator({ trust: "trusted" });
      const first = (await (
        await postSigned(ev.id, ev.secret!, fullRun("org/history", { details_url: "https://example.org/run/1" }))
      ).json()) as any;
      const partial = (await (
        await postSigned(ev.id, ev.secret!, completedEvent(harnessResults({ model: "org/history", limit: 10 })))
      ).json()) as any;
      const res = await SELF.fetch(`${BASE}/api/v1/models/org/history`);
      expect(res.status).toBe(200);
      const detail = (await res.json()) as any;
      const byId = Object.fromEntries(detail.evaluations.map((e: any) => [e.id, e]));
      expect(byId[first.evaluation_id]).toMatchObject({
        status: "ranked",
        source: "evaluator",
        evaluator_id: ev.id,
        subtasks: { leaderboard_bbh_snarks: { metric: "acc_norm,none", value: 0.55, stderr: expect.any(Number) } },
        provenance: {
          webhookId: first.provenance.webhookId,
          bodySha256: first.provenance.bodySha256,
          signatureScheme: "v1",
          harnessVersion: "0.4.9.1",
          harnessGitHash: "3e091a1",
          transformersVersion: "4.57.0",
          nShot: { leaderboard_mmlu_pro: 5 },
          evaluationSeconds: 3600,
          detailsUrl: "https://example.org/run/1",
        },
      });
      expect(byId[first.evaluation_id].co2_kg).toBeCloseTo(1.51088, 9);
      expect(byId[partial.evaluation_id]).toMatchObject({ status: "partial", rank: null, provenance: { limit: 10 } });
      expect(detail.ranks.map((r: any) => r.evaluation_id)).toEqual([first.evaluation_id]);
    });

    it("a newer full run of the same model, revision and precision becomes the ranked one", async () => {
      const ev = await newEvaluator({ trust: "trusted" });
      const a = (await (await postSigned(ev.id, ev.secret!, fullRun("org/rerun"))).json()) as any;
      const b = (await (await postSigned(ev.id, ev.secret!, fullRun("org/rerun"))).json()) as any;
      const statuses = await db
        .select({ id: evaluations.id, status: evaluations.status })
        .from(evaluations)
        .where(eq(evaluations.modelId, "org/rerun"));
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [a.evaluation_id]: "superseded",
        [b.evaluation_id]: "ranked",
      });
    });

    it("verifies Ed25519 (v1a) evaluators", async () => {
      const pair = await generateEd25519KeyPair();
      const ev = await newEvaluator({ public_key: pair.publicKey });
      const res = await postSigned(ev.id, pair.secretKey, fullRun("org/ed25519"));
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).provenance.signatureScheme).toBe("v1a");
    });

    it("after a rotation both the old and the new secret verify", async () => {
      const ev = await newEvaluator();
      const rotated = (await (await admin("POST", `/api/v1/admin/evaluators/${ev.id}/rotate`)).json()) as any;
      expect((await postSigned(ev.id, ev.secret!, fullRun("org/rot-old"))).status).toBe(201);
      expect((await postSigned(ev.id, rotated.secret, fullRun("org/rot-new"))).status).toBe(201);
    });

    it("records evaluation.started and evaluation.failed with their job id (202), once", async () => {
      const ev = await newEvaluator();
      const started = { type: "evaluation.started", timestamp: "2026-11-29T12:00:00Z", data: { job_id: "job_9" } };
      const res = await postSigned(ev.id, ev.secret!, started, { webhookId: "msg_started" });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ received: true, type: "evaluation.started", job_id: "job_9" });
      const replay = await postSigned(ev.id, ev.secret!, started, { webhookId: "msg_started" });
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ received: true, type: "evaluation.started", job_id: "job_9" });
      const failed = {
        type: "evaluation.failed",
        timestamp: "2026-11-29T12:00:00Z",
        data: { job_id: "job_9", reason: "CUDA OOM" },
      };
      expect((await postSigned(ev.id, ev.secret!, failed)).status).toBe(202);
      const rows = await db.select().from(deliveries).where(eq(deliveries.evaluatorId, ev.id));
      expect(rows.map((r) => [r.type, r.jobId, r.responseStatus]).sort()).toEqual([
        ["evaluation.failed", "job_9", 202],
        ["evaluation.started", "job_9", 202],
      ]);
    });

    it("stores all of 50 different deliveries sent at once", async () => {
      const ev = await newEvaluator({ trust: "trusted" });
      const before = await evaluationCount();
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => postSigned(ev.id, ev.secret!, fullRun(`burst/model-${i}`))),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      expect(await evaluationCount()).toBe(before + 50);
      const models = await leaderboardModels();
      for (let i = 0; i < 50; i++) expect(models).toContain(`burst/model-${i}`);
    }, 30_000);

    it("answers 10 concurrent retries of one message with one stored evaluation", async () => {
      const ev = await newEvaluator();
      const raw = JSON.stringify(fullRun("org/retried-at-once"));
      const before = await evaluationCount();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => postSigned(ev.id, ev.secret!, raw, { webhookId: "msg_storm" })),
      );
      const bodies = await Promise.all(responses.map((r) => r.json()));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.every((r) => r.status === 201 || r.status === 200)).toBe(true);
      expect(new Set(bodies.map((b: any) => b.evaluation_id)).size).toBe(1);
      expect(await evaluationCount()).toBe(before + 1);
    }, 30_000);
  });

  describe("errors", () => {
    it("refuses a signed body that is not JSON (400)", async () => {
      const ev = await newEvaluator();
      const res = await postSigned(ev.id, ev.secret!, "{not json");
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(/^The body is not valid JSON/);
    });

    it("lists each problem of an invalid body with its JSON path", async () => {
      const ev = await newEvaluator();
      const res = await postSigned(ev.id, ev.secret!, {
        type: "evaluation.completed",
        timestamp: "now",
        data: { lm_eval: { results: {}, config: { limit: "x" } } },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: "bad_request",
          message: expect.stringMatching(/^Invalid event body at /),
          details: expect.arrayContaining([
            { path: "timestamp", message: expect.any(String) },
            { path: "data.lm_eval.config.limit", message: expect.any(String) },
          ]),
        },
      });
    });

    it("names the model field neither the message nor the results file gives", async () => {
      const ev = await newEvaluator();
      const file = harnessResults();
      file.config.model_args = "dtype=bfloat16";
      file.model_name = null;
      const res = await postSigned(ev.id, ev.secret!, completedEvent(file));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: "bad_request",
          message:
            "Invalid event body at data.model.id: the model id is missing: give data.model.id or run lm_eval with --model_args pretrained=org/name",
          details: [
            {
              path: "data.model.id",
              message:
                "the model id is missing: give data.model.id or run lm_eval with --model_args pretrained=org/name",
            },
          ],
        },
      });
      // Nothing was recorded, so the evaluator can fix the body and retry.
      expect(await db.select().from(deliveries).where(eq(deliveries.evaluatorId, ev.id))).toEqual([]);
    });

    it("refuses a body over 16 MiB with 413", async () => {
      const ev = await newEvaluator();
      const big = `{"pad":"${"x".repeat(16 * 1024 * 1024)}"}`;
      const res = await postSigned(ev.id, ev.secret!, big);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: { code: "payload_too_large", message: "The body is over 16777216 bytes (16 MiB)" },
      });
    }, 30_000);

    it("refuses a streamed body without Content-Length as soon as it passes 16 MiB", async () => {
      const ev = await newEvaluator();
      const chunk = new Uint8Array(1024 * 1024).fill(32);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 64) return controller.close();
          sent++;
          controller.enqueue(chunk);
        },
      });
      const res = await SELF.fetch(`${BASE}/api/v1/evaluators/${ev.id}/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": "msg_stream",
          "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
          // Plausible (32 bytes of base64), so the body is read: an implausible one is refused before it.
          "webhook-signature": `v1,${btoa("x".repeat(32))}`,
        },
        body: stream,
      });
      expect(res.status).toBe(413);
      expect(sent).toBeLessThan(64);
    }, 30_000);

    it("refuses a body that is not JSON by its content type (415)", async () => {
      const ev = await newEvaluator();
      const res = await postSigned(ev.id, ev.secret!, fullRun("org/text"), { contentType: "text/plain" });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: { code: "unsupported_media_type", message: "The body must be JSON (Content-Type: application/json)" },
      });
    });
  });

  describe("auth", () => {
    const expect401 = async (res: Response, message: string) => {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthorized", message } });
    };

    it("refuses a tampered body, checked on the raw bytes before any parsing", async () => {
      const ev = await newEvaluator();
      const raw = JSON.stringify(fullRun("org/tampered"));
      const before = await evaluationCount();
      await expect401(
        await postSigned(ev.id, ev.secret!, raw.replace('"acc,none":0.3', '"acc,none":0.9'), { signedBody: raw }),
        "No signature in webhook-signature verifies for this evaluator",
      );
      // Same meaning, other bytes: a re-serialised body does not verify either.
      await expect401(
        await postSigned(ev.id, ev.secret!, JSON.stringify(JSON.parse(raw), null, 1), { signedBody: raw }),
        "No signature in webhook-signature verifies for this evaluator",
      );
      // Garbage that is not even JSON is refused for its signature, not its syntax.
      await expect401(
        await postSigned(ev.id, ev.secret!, "{{{", { signedBody: "[]" }),
        "No signature in webhook-signature verifies for this evaluator",
      );
      expect(await evaluationCount()).toBe(before);
    });

    it("refuses a signature made with another secret", async () => {
      const ev = await newEvaluator();
      const other = await newEvaluator();
      await expect401(
        await postSigned(ev.id, other.secret!, fullRun("org/wrong-secret")),
        "No signature in webhook-signature verifies for this evaluator",
      );
    });

    it("refuses stale and future timestamps (more than 5 minutes off)", async () => {
      const ev = await newEvaluator();
      const now = Math.floor(Date.now() / 1000);
      await expect401(
        await postSigned(ev.id, ev.secret!, fullRun("org/stale"), { timestamp: now - 301 }),
        "The webhook-timestamp is too far in the past (more than 5 minutes)",
      );
      await expect401(
        await postSigned(ev.id, ev.secret!, fullRun("org/future"), { timestamp: now + 400 }),
        "The webhook-timestamp is too far in the future (more than 5 minutes)",
      );
    });

    it("refuses missing signature headers", async () => {
      const ev = await newEvaluator();
      const res = await SELF.fetch(`${BASE}/api/v1/evaluators/${ev.id}/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fullRun("org/unsigned")),
      });
      await expect401(res, "Missing webhook-id, webhook-timestamp or webhook-signature header");
    });

    it("refuses an unknown evaluator", async () => {
      const ev = await newEvaluator();
      await expect401(await postSigned("ev_unknown", ev.secret!, fullRun("org/unknown")), "Unknown evaluator");
    });

    it("refuses a revoked evaluator; what it sent before stays, marked with who sent it", async () => {
      const ev = await newEvaluator({ trust: "trusted" });
      const before = (await (await postSigned(ev.id, ev.secret!, fullRun("org/revoked-before"))).json()) as any;
      expect((await admin("DELETE", `/api/v1/admin/evaluators/${ev.id}`)).status).toBe(200);
      await expect401(
        await postSigned(ev.id, ev.secret!, fullRun("org/revoked-after")),
        "This evaluator has been revoked",
      );
      const kept = await db.select().from(evaluations).where(eq(evaluations.id, before.evaluation_id)).get();
      expect(kept).toMatchObject({ status: "ranked", evaluatorId: ev.id });
      expect(await leaderboardModels()).toContain("org/revoked-before");
    });

    it("stops accepting the old secret once the grace period has passed", async () => {
      const ev = await newEvaluator();
      await admin("POST", `/api/v1/admin/evaluators/${ev.id}/rotate`);
      // Expire the grace period now rather than waiting 24 hours.
      await env.DB.prepare("update evaluator_keys set expires_at = ? where evaluator_id = ? and expires_at is not null")
        .bind(Date.now() - 1, ev.id)
        .run();
      await expect401(
        await postSigned(ev.id, ev.secret!, fullRun("org/after-grace")),
        "No signature in webhook-signature verifies for this evaluator",
      );
    });
  });
});

describe("what one completed run reads", () => {
  const app = testApp({ random: () => 0.99 });

  it("reads its evaluator once: the trust that decides how the run starts comes with the signing keys", async () => {
    for (const [trust, verification] of [
      ["trusted", "trusted"],
      ["community", "provisional"],
    ] as const) {
      const evaluator = await newEvaluator({ name: `${trust} reads`, trust });
      const counting = countingD1(env.DB);
      const res = await postSigned(
        evaluator.id,
        evaluator.secret!,
        completedEvent(harnessResults({ model: `reads/${trust}` })),
        { fetch: (path, init) => app.fetch(path, init, { DB: counting.db }) },
      );
      expect(res.status, trust).toBe(201);
      expect(((await res.json()) as { verification: string }).verification).toBe(verification);
      expect(
        counting.sql().filter((s) => /from "evaluators"/i.test(s)),
        trust,
      ).toHaveLength(1);
      // Round trips: the signer with its keys (one batch), the webhook-id's earlier delivery, the model as spelt
      // on the board, the run's group (one batch of four reads), and the write (one batch).
      expect(counting.counts().calls, trust).toBe(5);
    }
  });
});
