import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { submissionEvents, submissions, votes } from "../../../worker/store/schema";
import { as, signIn, submission, testApp } from "../../support/app";
import { GOOD_FACTS, HubDouble } from "../../support/hub-double";

const hub = new HubDouble()
  .add("good-org/model-a")
  .add("good-org/model-a", { sha: "feedfacefeedfacefeedfacefeedfacefeedface" }, "v2")
  .add("dup-org/model")
  .add("noexist-org/only-main")
  .add("nolicense-org/model", { license: null })
  .add("shortcard-org/model", { cardLength: 199 })
  .add("huge-org/model-101b", { parameters: 101_000_000_000 })
  .add("huge-org/model-150b", { parameters: 150_000_000_000 })
  .add("huge-org/model-201b", { parameters: 201_000_000_000 })
  .add("nosafetensors-org/model", { parameters: null })
  .add("notemplate-org/model", { hasChatTemplate: false })
  .add("adapter-org/model");
for (let i = 0; i < 7; i++) hub.add(`quota-org/model-${i}`);
const app = testApp({ hub });
const db = database(env.DB);
let alice: { id: string; cookie: string };

beforeAll(async () => {
  alice = await signIn("alice");
});

async function post(body: string, headers: Record<string, string> = as(alice), vars: Partial<Env> = {}) {
  return app.fetch("/api/v1/submissions", { method: "POST", headers, body }, vars);
}

describe("POST /api/v1/submissions", () => {
  describe("happy", () => {
    it("queues a checked model as PENDING at its resolved sha, with the submitter's vote and a timed event", async () => {
      const res = await post(submission("good-org/model-a"));
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: any };
      expect(data).toMatchObject({
        model: "good-org/model-a",
        revision: "main",
        sha: GOOD_FACTS.sha,
        precision: "bfloat16",
        status: "PENDING",
        votes: 1,
        voted: true,
        verified: true,
        failure_reason: null,
      });
      const row = await db.select().from(submissions).where(eq(submissions.id, data.id)).get();
      expect(row).toMatchObject({
        namespace: "good-org",
        submitterId: alice.id,
        license: "apache-2.0",
        verified: true,
      });
      expect(row?.paramsBillions).toBeCloseTo(7.24, 5);
      expect(await db.select().from(votes).where(eq(votes.submissionId, data.id))).toEqual([
        { submissionId: data.id, userId: alice.id, createdAt: expect.any(Number) },
      ]);
      const events = await db.select().from(submissionEvents).where(eq(submissionEvents.submissionId, data.id));
      expect(events.map((e) => e.status)).toEqual(["PENDING"]);
      expect(hub.asked).toContain("good-org/model-a@main");
    });

    it("resolves another revision to its own commit, so it is not a duplicate of main", async () => {
      const res = await post(submission("good-org/model-a", { revision: "v2" }));
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).data.sha).toBe("feedfacefeedfacefeedfacefeedfacefeedface");
    });

    it("accepts 150B in 8-bit and 201B in 4-bit: the 100B limit is at 16-bit", async () => {
      expect((await post(submission("huge-org/model-150b", { precision: "8bit" }))).status).toBe(201);
      expect((await post(submission("huge-org/model-201b", { precision: "4bit" }))).status).toBe(201);
    });

    it("accepts Adapter weights with a base model", async () => {
      const res = await post(
        submission("adapter-org/model", { weight_type: "Adapter", base_model: "good-org/model-a" }),
      );
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).data.base_model).toBe("good-org/model-a");
    });

    it("skips the Hub under HUB_OFFLINE=true and marks the submission unverified at its revision", async () => {
      const before = hub.asked.length;
      const res = await post(submission("offline-org/anything", { revision: "abc123" }), as(alice), {
        HUB_OFFLINE: "true",
      });
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: any };
      expect(data).toMatchObject({ verified: false, sha: "abc123", status: "PENDING" });
      expect(hub.asked.length).toBe(before);
    });
  });

  describe("errors", () => {
    it.each([
      ["model_exists", submission("missing-org/model"), "missing-org/model does not exist on the Hub at revision main"],
      [
        "model_exists",
        submission("noexist-org/only-main", { revision: "no-such-branch" }),
        "noexist-org/only-main does not exist on the Hub at revision no-such-branch",
      ],
      ["license", submission("nolicense-org/model"), "The model card declares no license"],
      ["model_card", submission("shortcard-org/model"), "The model card has 199 characters; at least 200 are needed"],
      ["parameters", submission("huge-org/model-101b"), "101B parameters exceed the 100B limit for bfloat16"],
      [
        "parameters",
        submission("huge-org/model-201b", { precision: "8bit" }),
        "201B parameters exceed the 200B limit for 8bit",
      ],
      ["parameters", submission("nosafetensors-org/model"), "No safetensors metadata: the parameter count is unknown"],
      ["chat_template", submission("notemplate-org/model"), "chat_template was asked for but the tokenizer has none"],
      ["base_model", submission("adapter-org/model", { weight_type: "Delta" }), "Delta weights need base_model"],
    ])("refuses a failed %s check with a 422 naming it", async (check, body, message) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: { code: "unprocessable", message: `Check ${check} failed: ${message}`, details: [{ check, message }] },
      });
    });

    it("lists every failed check when several fail", async () => {
      hub.add("bad-org/everything", { license: null, cardLength: 10, hasChatTemplate: false });
      const res = await post(submission("bad-org/everything"));
      expect(res.status).toBe(422);
      const body = (await res.json()) as any;
      expect(body.error.details.map((d: any) => d.check)).toEqual(["license", "model_card", "chat_template"]);
      expect(body.error.message).toBe("Check license failed: The model card declares no license (and 2 more)");
    });

    it("answers 409 pointing to the queued submission for the same model, sha and precision", async () => {
      const first = ((await (await post(submission("dup-org/model"))).json()) as any).data;
      const res = await post(submission("dup-org/model"));
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error: {
          code: "conflict",
          message: `dup-org/model at ${GOOD_FACTS.sha} in bfloat16 is already queued`,
          details: { submission_id: first.id, status: "PENDING", url: "/api/v1/queue?status=PENDING" },
        },
      });
      expect((await post(submission("dup-org/model", { precision: "float16" }))).status).toBe(201);
    });

    it("allows the namespace's owner 5 submissions in 7 days, then 429 with Retry-After and when it frees up", async () => {
      const bob = await signIn("quota-org");
      const created: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await post(submission(`quota-org/model-${i}`), as(bob));
        expect(res.status).toBe(201);
        created.push(Date.parse(((await res.json()) as any).data.submitted_at));
      }
      const res = await post(submission("quota-org/model-5"), as(bob));
      expect(res.status).toBe(429);
      const body = (await res.json()) as any;
      const freesAt = created[0]! + 7 * 24 * 3600 * 1000;
      expect(body).toEqual({
        error: {
          code: "rate_limited",
          message: "You already have 5 submissions in your namespace quota-org in the last 7 days",
          details: { limit: "owner", quota: 5, window_days: 7, frees_at: new Date(freesAt).toISOString() },
        },
      });
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(7 * 24 * 3600 - 120);
      expect(retryAfter).toBeLessThanOrEqual(7 * 24 * 3600);
      const inNamespace = await db.select().from(submissions).where(eq(submissions.namespace, "quota-org"));
      expect(inNamespace).toHaveLength(5);
    });

    it("counts the quota exactly under concurrency: 7 parallel submissions by the owner, exactly 5 stored", async () => {
      const carol = await signIn("race-org");
      for (let i = 0; i < 7; i++) hub.add(`race-org/model-${i}`);
      const results = await Promise.all(
        Array.from({ length: 7 }, (_, i) => post(submission(`race-org/model-${i}`), as(carol))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 429, 429]);
      expect(await db.select().from(submissions).where(eq(submissions.namespace, "race-org"))).toHaveLength(5);
    });

    it.each([
      [{ model: "no-slash" }, "model"],
      [{ model: "org/name", precision: "fp8", model_type: "chat" }, "precision"],
      [{ model: "org/name", precision: "bfloat16", model_type: "robot" }, "model_type"],
    ])("refuses malformed %j with a 400 naming the field", async (body, field) => {
      const res = await post(JSON.stringify({ precision: "bfloat16", model_type: "chat", ...body }));
      expect(res.status).toBe(400);
      const json = (await res.json()) as any;
      expect(json.error.code).toBe("invalid_parameter");
      expect(json.error.details[0].path).toBe(field);
    });
  });

  describe("auth", () => {
    it("refuses a request without a session with 401", async () => {
      const res = await post(submission("good-org/model-b"), {
        "content-type": "application/json",
        origin: "https://podium.test",
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: "unauthorized", message: "Sign in first: this needs a Hugging Face session" },
      });
    });

    it("refuses a tampered session cookie with 401", async () => {
      const [name, value] = alice.cookie.split("=") as [string, string];
      const [payload, mac] = value.split(".") as [string, string];
      const forgedPayload = btoa(JSON.stringify({ uid: "dev:mallory", name: "mallory", exp: Date.now() + 1e6 }))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
      for (const cookie of [
        `${name}=${forgedPayload}.${mac}`,
        `${name}=${payload}.${mac.slice(0, -2)}AA`,
        `${name}=garbage`,
      ]) {
        const res = await post(submission("good-org/model-b"), { ...as(alice), cookie });
        expect(res.status).toBe(401);
      }
    });

    it("refuses a cross-origin POST with a session cookie with 403", async () => {
      for (const origin of ["https://evil.example", "null"]) {
        const res = await post(submission("good-org/model-b"), { ...as(alice), origin });
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          error: {
            code: "forbidden",
            message: "Cross-origin request refused: the Origin header must be this site",
            details: { origin },
          },
        });
      }
      const { origin: _omit, ...noOrigin } = as(alice);
      expect((await post(submission("good-org/model-b"), noOrigin)).status).toBe(403);
      expect(await db.select().from(submissions).where(eq(submissions.modelId, "good-org/model-b"))).toEqual([]);
    });
  });
});
