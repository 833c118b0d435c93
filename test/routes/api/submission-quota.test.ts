/**
 * The submission quota, per namespace and 7 days, FAILED submissions never counted: the namespace's owner (the
 * submitter whose Hub user name is the namespace) has 5 of their own; everyone else shares 5, at most 2 each. So
 * nobody else can lock an owner out, and one account cannot use up what the others share.
 */
import { env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PRECISIONS } from "../../../worker/domain/vocabulary";
import { database } from "../../../worker/store/db";
import { submissions } from "../../../worker/store/schema";
import { as, signIn, submission, testApp } from "../../support/app";
import { newEvaluator, postSigned } from "../../support/evaluators";
import { HubDouble } from "../../support/hub-double";

const WEEK_S = 7 * 24 * 3600;
const hub = new HubDouble().add("grief-org/small").add("fail-org/a").add("fail-org/b").add("fail-org/c");
for (let i = 0; i < 8; i++) hub.add(`grief-org/model-${i}`).add(`race-quota/model-${i}`).add(`race-quota/owner-${i}`);
const app = testApp({ hub });
const db = database(env.DB);
let evaluator: { id: string; secret?: string };

beforeAll(async () => {
  evaluator = await newEvaluator({ name: "quota lab" });
});

type User = { id: string; cookie: string };
const post = (user: User, model: string, extra: Record<string, unknown> = {}, vars: Partial<Env> = {}) =>
  app.fetch("/api/v1/submissions", { method: "POST", headers: as(user), body: submission(model, extra) }, vars);

async function refusal(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(WEEK_S - 120);
  expect(retryAfter).toBeLessThanOrEqual(WEEK_S);
  const { error } = (await res.json()) as any;
  expect(error.code).toBe("rate_limited");
  return error as { message: string; details: Record<string, unknown> };
}

const inNamespace = (ns: string) =>
  db.select().from(submissions).where(sql`lower(${submissions.namespace}) = ${ns.toLowerCase()}`);

describe("the submission quota", () => {
  describe("happy", () => {
    it("never counts FAILED submissions: a failed run frees its slot", async () => {
      const erin = await signIn("erin");
      const first = ((await (await post(erin, "fail-org/a")).json()) as any).data.id;
      expect((await post(erin, "fail-org/b")).status).toBe(201);
      expect((await refusal(await post(erin, "fail-org/c"))).details.limit).toBe("submitter");

      const job = (await (
        await postSigned(evaluator.id, evaluator.secret!, {}, { route: "jobs/claim" })
      ).json()) as any;
      expect(job.submission_id).toBe(first);
      const failed = await postSigned(evaluator.id, evaluator.secret!, {
        type: "evaluation.failed",
        timestamp: "2026-11-29T12:00:00Z",
        data: { job_id: job.job_id, reason: "out of memory" },
      });
      expect(failed.status).toBe(202);
      expect((await post(erin, "fail-org/c")).status).toBe(201);
    });

    it("keeps the owner's own 5 whatever others submitted: one model in five precisions locks nobody out", async () => {
      const mallory = await signIn("mallory");
      const statuses: number[] = [];
      for (const precision of PRECISIONS) statuses.push((await post(mallory, "grief-org/small", { precision })).status);
      expect(statuses).toEqual([201, 201, 429, 429, 429]);

      const accomplices = [await signIn("mallory2"), await signIn("mallory3")];
      expect((await post(accomplices[0]!, "grief-org/model-0")).status).toBe(201);
      expect((await post(accomplices[0]!, "grief-org/model-1")).status).toBe(201);
      expect((await post(accomplices[1]!, "grief-org/model-2")).status).toBe(201);
      const shared = await refusal(await post(accomplices[1]!, "grief-org/model-3"));
      expect(shared).toMatchObject({
        message:
          "Submitters other than its owner already have 5 submissions in the namespace grief-org in the last 7 days",
        details: { limit: "namespace", quota: 5, window_days: 7 },
      });

      const owner = await signIn("Grief-Org");
      for (let i = 3; i < 8; i++) expect((await post(owner, `grief-org/model-${i}`)).status).toBe(201);
      const own = await refusal(await post(owner, "grief-org/small", { precision: "GPTQ" }));
      expect(own).toMatchObject({
        message: "You already have 5 submissions in your namespace grief-org in the last 7 days",
        details: { limit: "owner", quota: 5, window_days: 7 },
      });
      const rows = await inNamespace("grief-org");
      expect(rows.filter((r) => r.byOwner)).toHaveLength(5);
      expect(rows.filter((r) => !r.byOwner)).toHaveLength(5);
    });

    it("tells a submitter their personal limit, counting the namespace in any case", async () => {
      const ivan = await signIn("ivan");
      const offline = { HUB_OFFLINE: "true" };
      expect((await post(ivan, "offq/a", {}, offline)).status).toBe(201);
      expect((await post(ivan, "OFFQ/b", {}, offline)).status).toBe(201);
      const personal = await refusal(await post(ivan, "OffQ/c", {}, offline));
      expect(personal).toMatchObject({
        message:
          "You already have 2 submissions in the namespace OffQ in the last 7 days, the most for anyone but its owner",
        details: { limit: "submitter", quota: 2, window_days: 7 },
      });
    });

    it("states the rule on /submit", async () => {
      const page = await (await app.fetch("/submit", { headers: as(await signIn("reader")) })).text();
      expect(page).toContain(
        "Quota, per namespace (the org/ of the model id) and 7 days, failed submissions not counted: its owner (the Hub user of that name) has 5 of their own; everyone else shares 5, at most 2 each.",
      );
    });
  });

  describe("errors", () => {
    it("is exact under concurrency: 4 others × 2 and the owner × 7 at once store 5 and 5", async () => {
      const others = await Promise.all([1, 2, 3, 4].map((i) => signIn(`racer-${i}`)));
      const owner = await signIn("race-quota");
      const results = await Promise.all([
        ...others.flatMap((u, i) => [post(u, `race-quota/model-${2 * i}`), post(u, `race-quota/model-${2 * i + 1}`)]),
        ...Array.from({ length: 7 }, (_, i) => post(owner, `race-quota/owner-${i}`)),
      ]);
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      expect(results.filter((r) => r.status === 429)).toHaveLength(5);
      const rows = await inNamespace("race-quota");
      expect(rows.filter((r) => r.byOwner)).toHaveLength(5);
      expect(rows.filter((r) => !r.byOwner)).toHaveLength(5);
      for (const u of others) {
        const mine = await db
          .select()
          .from(submissions)
          .where(and(eq(submissions.submitterId, u.id), eq(submissions.namespace, "race-quota")));
        expect(mine.length).toBeLessThanOrEqual(2);
      }
    });
  });
});
