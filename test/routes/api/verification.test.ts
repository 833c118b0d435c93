import { env, SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { evaluations, reproductions, submissions, verificationEvents } from "../../../worker/store/schema";
import { as, signIn, testApp } from "../../support/app";
import { BASE, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";

const db = database(env.DB);

// MMLU-Pro normalizes as (raw − 0.1) / 0.9 × 100, so a raw difference of 0.005 is 0.56 points (within the default
// tolerance of 1.0) and one of 0.02 is 2.22 points (outside it); every other benchmark is the same in these runs.
const run = (model: string, mmluPro: number, extra: Record<string, unknown> = {}) =>
  completedEvent(harnessResults({ model, mmlu_pro: mmluPro }), extra);

async function push(ev: { id: string; secret?: string }, body: unknown, fetch?: Parameters<typeof postSigned>[3]) {
  const res = await postSigned(ev.id, ev.secret!, body, fetch ?? {});
  expect(res.status).toBe(201);
  return (await res.json()) as any;
}

async function boardRows(model: string, extra = ""): Promise<any[]> {
  const res = await SELF.fetch(`${BASE}/api/v1/leaderboard?search=${encodeURIComponent(model)}${extra}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as any).data;
}

const stored = async (id: string) =>
  db
    .select({ status: evaluations.status, verification: evaluations.verification })
    .from(evaluations)
    .where(eq(evaluations.id, id))
    .get();

describe("verification of pushed runs", () => {
  it("community → provisional; an agreeing second evaluator reproduces both; a third far off is disputed", async () => {
    const [a, b, c] = [await newEvaluator(), await newEvaluator(), await newEvaluator()];
    const model = "verify/three-evaluators";

    const first = await push(a, run(model, 0.3));
    expect(first).toMatchObject({ verification: "provisional", status: "candidate", comparisons: [] });
    expect(await boardRows(model)).toEqual([]);
    const listed = await boardRows(model, "&verification=all");
    expect(listed.map((r) => [r.evaluation_id, r.provisional])).toEqual([[first.evaluation_id, true]]);
    const badge = await SELF.fetch(`${BASE}/badge/${model}.json`);
    expect(((await badge.json()) as any).message).toBe("provisional");

    const second = await push(b, run(model, 0.305));
    expect(second).toMatchObject({ verification: "reproduced", status: "superseded" });
    expect(second.comparisons).toEqual([
      {
        compared_id: first.evaluation_id,
        agreed: true,
        differences: expect.objectContaining({ ifeval: 0, bbh: 0, math: 0, gpqa: 0, musr: 0 }),
      },
    ]);
    expect(second.comparisons[0].differences.mmlu_pro).toBeCloseTo(0.5 / 0.9, 9);
    expect(await stored(first.evaluation_id)).toEqual({ status: "ranked", verification: "reproduced" });
    // The earliest reproduced run is the row, ranked on the default board.
    const ranked = await boardRows(model);
    expect(ranked.map((r) => [r.evaluation_id, r.provisional])).toEqual([[first.evaluation_id, false]]);
    const verifiedBadge = await SELF.fetch(`${BASE}/badge/${model}.json`);
    expect(((await verifiedBadge.json()) as any).message).toMatch(/^#\d+ of \d+$/);

    const third = await push(c, run(model, 0.32));
    expect(third).toMatchObject({ verification: "disputed", status: "superseded" });
    const againstFirst = third.comparisons.find((x: any) => x.compared_id === first.evaluation_id);
    expect(againstFirst.agreed).toBe(false);
    expect(againstFirst.differences.mmlu_pro).toBeCloseTo(2 / 0.9, 9);
    expect((await boardRows(model)).map((r) => r.evaluation_id)).toEqual([first.evaluation_id]);
    expect((await boardRows(model, "&verification=all")).map((r) => r.evaluation_id)).toEqual([first.evaluation_id]);

    // The differences are stored, one row per comparison, and every change has its event.
    const compared = await db.select().from(reproductions).where(eq(reproductions.evaluationId, third.evaluation_id));
    expect(compared.map((r) => [r.comparedId, r.agreed, r.tolerance])).toEqual([[first.evaluation_id, false, 1]]);
    const timeline = await db
      .select({ verification: verificationEvents.verification, reason: verificationEvents.reason })
      .from(verificationEvents)
      .where(eq(verificationEvents.evaluationId, first.evaluation_id))
      .orderBy(verificationEvents.groupSeq);
    expect(timeline.map((e) => e.verification)).toEqual(["provisional", "reproduced"]);
    expect(timeline[1]?.reason).toContain(second.evaluation_id);
  });

  it("a provisional run's reproduction job is in /api/v1/queue and /queue, and is not voted on", async () => {
    const a = await newEvaluator();
    const model = "verify/queued-job";
    const withTemplate = harnessResults({
      model,
      mmlu_pro: 0.3,
      chatTemplate: "{% for m in messages %}{{ m }}{% endfor %}",
    });
    const pushed = await push(a, completedEvent(withTemplate));
    const queue = (await (await SELF.fetch(`${BASE}/api/v1/queue?status=PENDING`)).json()) as any;
    const entry = queue.data.find((e: any) => e.reproduces === pushed.evaluation_id);
    expect(entry).toMatchObject({
      kind: "reproduction",
      model,
      sha: pushed.revision,
      precision: "bfloat16",
      chat_template: true,
      status: "PENDING",
      votes: 0,
      history: [{ status: "PENDING", reason: `queued: reproduce evaluation ${pushed.evaluation_id}` }],
    });
    const page = await (await SELF.fetch(`${BASE}/queue`)).text();
    expect(page).toContain(`data-kind="reproduction"`);
    expect(page).toContain(`reproduction of ${pushed.evaluation_id}`);

    const alice = await signIn("alice-votes-on-a-job");
    const vote = await SELF.fetch(`${BASE}/api/v1/submissions/${entry.id}/vote`, {
      method: "POST",
      headers: as(alice),
    });
    expect(vote.status).toBe(409);
    expect(((await vote.json()) as any).error.message).toContain("not voted on");
    // Cleared, so that the claims of the next test see only their own jobs.
    const other = await newEvaluator();
    const claimed = await postSigned(other.id, other.secret!, {}, { route: "jobs/claim" });
    expect(((await claimed.json()) as any).reproduces).toBe(pushed.evaluation_id);
  });

  it("an evaluator cannot reproduce its own run, and is never handed its reproduction job", async () => {
    const [a, b] = [await newEvaluator(), await newEvaluator()];
    const model = "verify/own-run";
    const first = await push(a, run(model, 0.3));
    const again = await push(a, run(model, 0.3));
    // Its newer run replaces its own older one and is compared with nothing: still provisional, still off the board.
    expect(again).toMatchObject({ verification: "provisional", status: "candidate", comparisons: [] });
    expect(await stored(first.evaluation_id)).toEqual({ status: "superseded", verification: "provisional" });
    expect(await boardRows(model)).toEqual([]);

    const jobs = await db
      .select({ reproduces: submissions.reproduces, status: submissions.status })
      .from(submissions)
      .where(and(eq(submissions.kind, "reproduction"), eq(submissions.modelId, model)));
    // The job for the replaced run is closed; the one for the current run waits.
    expect(jobs).toEqual(
      expect.arrayContaining([
        { reproduces: first.evaluation_id, status: "FINISHED" },
        { reproduces: again.evaluation_id, status: "PENDING" },
      ]),
    );
    expect(jobs).toHaveLength(2);

    const mine = await postSigned(a.id, a.secret!, {}, { route: "jobs/claim" });
    expect(mine.status).toBe(204);
    const theirs = await postSigned(b.id, b.secret!, {}, { route: "jobs/claim" });
    expect(theirs.status).toBe(200);
    const job = (await theirs.json()) as any;
    expect(job).toMatchObject({ kind: "reproduction", reproduces: again.evaluation_id, model, precision: "bfloat16" });

    // B's run completes the job and is compared with the run it names.
    const done = await push(b, run(model, 0.3, { job_id: job.job_id }));
    expect(done).toMatchObject({ verification: "reproduced" });
    expect(done.comparisons.map((x: any) => x.compared_id)).toEqual([again.evaluation_id]);
    const finished = await db.select().from(submissions).where(eq(submissions.jobId, job.job_id)).get();
    expect(finished).toMatchObject({ status: "FINISHED", evaluationId: done.evaluation_id });
  });

  it("a trusted run contradicted by an independent rerun stays ranked and its evaluator is flagged", async () => {
    const t = await newEvaluator({ trust: "trusted" });
    const other = await newEvaluator();
    const model = "verify/trusted-contradicted";
    const audit = testApp({ random: () => 0 });
    const trusted = await push(t, run(model, 0.3), { fetch: (p, init) => audit.fetch(p, init, { AUDIT_RATE: "0.1" }) });
    const claim = await postSigned(other.id, other.secret!, {}, { route: "jobs/claim" });
    expect(claim.status).toBe(200);
    const job = (await claim.json()) as any;
    expect(job).toMatchObject({ kind: "reproduction", reproduces: trusted.evaluation_id });
    const rerun = await push(other, run(model, 0.35, { job_id: job.job_id }));
    expect(rerun).toMatchObject({ verification: "disputed" });
    expect(await stored(trusted.evaluation_id)).toEqual({ status: "ranked", verification: "trusted" });
    const log = (await env.DB.prepare(
      "select action, subject_id, actor from moderation_log where action = 'evaluator.flagged'",
    ).all()) as any;
    expect(log.results).toEqual([{ action: "evaluator.flagged", subject_id: t.id, actor: "podium" }]);
  });

  it("a trusted evaluator's full run ranks at once; a seeded draw under AUDIT_RATE queues an audit", async () => {
    const unaudited = await push(await newEvaluator({ trust: "trusted" }), run("verify/trusted-rate-zero", 0.3), {
      fetch: (p, init) => testApp({ random: () => 0 }).fetch(p, init, { AUDIT_RATE: "0" }),
    });
    const t = await newEvaluator({ trust: "trusted" });
    const drawn = testApp({ random: () => 0.05 });
    const spared = testApp({ random: () => 0.5 });
    // The suite pins AUDIT_RATE to 0; here it is the production default, with the draw seeded either side of it.
    const send = (app: ReturnType<typeof testApp>) => ({
      fetch: (p: string, init: RequestInit) => app.fetch(p, init, { AUDIT_RATE: "0.1" }),
    });

    const audited = await push(t, run("verify/trusted-audited", 0.3), send(drawn));
    expect(audited).toMatchObject({ verification: "trusted", status: "ranked" });
    expect((await boardRows("verify/trusted-audited")).map((r) => r.evaluation_id)).toEqual([audited.evaluation_id]);
    const plain = await push(t, run("verify/trusted-plain", 0.3), send(spared));
    expect(plain).toMatchObject({ verification: "trusted", status: "ranked" });

    const auditOf = (id: string) =>
      db.select({ status: submissions.status }).from(submissions).where(eq(submissions.reproduces, id));
    expect(await auditOf(audited.evaluation_id)).toEqual([{ status: "PENDING" }]);
    expect(await auditOf(plain.evaluation_id)).toEqual([]);
    expect(await auditOf(unaudited.evaluation_id)).toEqual([]);
  });
});
