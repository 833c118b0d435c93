import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { evaluations } from "../../../worker/store/schema";
import { adminAuthSuite } from "../../support/admin-auth";
import { adminHeaders, BASE, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";

const db = database(env.DB);

// MMLU-Pro normalizes as (raw − 0.1) / 0.9 × 100: 0.3 and 0.305 agree within 1 point, 0.3 and 0.33 do not.
const run = (model: string, mmluPro: number) => completedEvent(harnessResults({ model, mmlu_pro: mmluPro }));

async function push(ev: { id: string; secret?: string }, body: unknown) {
  const res = await postSigned(ev.id, ev.secret!, body);
  expect(res.status).toBe(201);
  return (await res.json()) as any;
}

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { ...adminHeaders(), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function log(): Promise<any[]> {
  const res = await SELF.fetch(`${BASE}/api/v1/moderation?limit=200`);
  expect(res.status).toBe(200);
  return ((await res.json()) as any).data;
}

const verificationOf = async (id: string) =>
  await db
    .select({ status: evaluations.status, verification: evaluations.verification })
    .from(evaluations)
    .where(eq(evaluations.id, id))
    .get();

async function boardIds(model: string, extra = ""): Promise<string[]> {
  const res = await SELF.fetch(`${BASE}/api/v1/leaderboard?search=${encodeURIComponent(model)}${extra}`);
  return ((await res.json()) as any).data.map((e: any) => e.evaluation_id);
}

describe("moderation", () => {
  it("every admin action is on /api/v1/moderation, newest first, with its reason and actor", async () => {
    const created = await call("POST", "/api/v1/admin/evaluators", { name: "logged lab" }, { "podium-actor": "alice" });
    expect(created.status).toBe(201);
    const ev = (await created.json()) as any;
    expect(ev.trust).toBe("community");

    const trust = await call("PATCH", `/api/v1/admin/evaluators/${ev.id}`, {
      trust: "trusted",
      reason: "fixed H100 cluster, audited by the admins",
    });
    expect(trust.status).toBe(200);
    expect(await trust.json()).toMatchObject({ id: ev.id, trust: "trusted" });

    const rotated = (await (await call("POST", `/api/v1/admin/evaluators/${ev.id}/rotate`)).json()) as any;
    const revokedKey = await call("DELETE", `/api/v1/admin/evaluators/${ev.id}/keys/${ev.key_id}`);
    expect(revokedKey.status).toBe(200);
    // A second revocation of the same key changes nothing and records nothing.
    expect((await call("DELETE", `/api/v1/admin/evaluators/${ev.id}/keys/${ev.key_id}`)).status).toBe(200);

    const pushed = await push({ id: ev.id, secret: rotated.secret }, run("moderated/model", 0.3));
    expect(pushed.verification).toBe("trusted");
    const flag = await call("POST", "/api/v1/admin/models/moderated/model/flags", {
      kind: "contamination",
      reason: "trained on the MATH test set",
      link: "https://example.org/report",
    });
    expect(flag.status).toBe(201);
    const flagBody = (await flag.json()) as any;
    const lift = await call("DELETE", `/api/v1/admin/models/moderated/model/flags/${flagBody.id}`, {
      reason: "the report was about another model",
    });
    expect(lift.status).toBe(200);
    const decision = await call("POST", `/api/v1/admin/evaluations/${pushed.evaluation_id}/decision`, {
      decision: "reject",
      reason: "pushed with a broken tokenizer",
    });
    expect(decision.status).toBe(200);
    expect(await decision.json()).toEqual({
      evaluation_id: pushed.evaluation_id,
      verification: "rejected",
      status: "superseded",
    });
    const deleted = await call("DELETE", `/api/v1/admin/evaluators/${ev.id}`);
    expect(deleted.status).toBe(200);

    const entries = (await log()).filter(
      (e) => e.subject.id === ev.id || e.subject.id === "moderated/model" || e.subject.id === pushed.evaluation_id,
    );
    expect(entries.map((e) => [e.action, e.subject.type, e.reason, e.actor])).toEqual([
      ["evaluator.deleted", "evaluator", null, "admin"],
      ["evaluation.rejected", "evaluation", "pushed with a broken tokenizer", "admin"],
      ["model.flag_lifted", "model", "the report was about another model", "admin"],
      ["model.flagged", "model", "trained on the MATH test set", "admin"],
      ["evaluator.key_revoked", "evaluator", null, "admin"],
      ["evaluator.key_rotated", "evaluator", null, "admin"],
      ["evaluator.trust_changed", "evaluator", "fixed H100 cluster, audited by the admins", "admin"],
      ["evaluator.created", "evaluator", null, "admin:alice"],
    ]);
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
    expect(entries[6].details).toEqual({ from: "community", to: "trusted" });

    const page = await (await SELF.fetch(`${BASE}/moderation`)).text();
    expect(page).toContain("evaluation.rejected");
    expect(page).toContain("pushed with a broken tokenizer");
    expect(page).toContain("admin:alice");
  });

  it("refuses a malformed actor name and a reasonless trust change, appending nothing", async () => {
    const before = (await log()).length;
    const bad = await call("POST", "/api/v1/admin/evaluators", { name: "x" }, { "podium-actor": "<script>" });
    expect(bad.status).toBe(400);
    const ev = await newEvaluator();
    const reasonless = await call("PATCH", `/api/v1/admin/evaluators/${ev.id}`, { trust: "trusted" });
    expect(reasonless.status).toBe(400);
    expect(((await reasonless.json()) as any).error.code).toBe("invalid_parameter");
    const unknown = await call("PATCH", "/api/v1/admin/evaluators/ev_nobody", { trust: "trusted", reason: "why not" });
    expect(unknown.status).toBe(404);
    // The one entry added is the creation of `ev`.
    expect((await log()).length).toBe(before + 1);
  });

  it("nothing edits or deletes the log: no route does, and the database refuses a direct write", async () => {
    for (const method of ["DELETE", "PUT", "PATCH"]) {
      const res = await call(method, "/api/v1/moderation");
      expect(res.status).toBe(404);
    }
    await expect(env.DB.prepare("delete from moderation_log").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("update moderation_log set reason = null").run()).rejects.toThrow(/append-only/);
  });

  it("a flagged model is hidden by hide=flagged and shows its reason until the flag is lifted", async () => {
    const t = await newEvaluator({ trust: "trusted" });
    const pushed = await push(t, run("flagged-org/model", 0.3));
    expect(await boardIds("flagged-org/model", "&hide=flagged")).toEqual([pushed.evaluation_id]);
    const flag = (await (
      await call("POST", "/api/v1/admin/models/FLAGGED-ORG/Model/flags", {
        kind: "merge",
        reason: "an undeclared merge",
      })
    ).json()) as any;
    expect(flag).toMatchObject({ model_id: "flagged-org/model", kind: "merge", lifted_at: null });
    expect(await boardIds("flagged-org/model", "&hide=flagged")).toEqual([]);
    expect(await boardIds("flagged-org/model")).toEqual([pushed.evaluation_id]);
    const model = (await (await SELF.fetch(`${BASE}/api/v1/models/flagged-org/model`)).json()) as any;
    expect(model.model.flagged).toBe(true);
    expect(model.flags).toEqual([expect.objectContaining({ kind: "merge", reason: "an undeclared merge" })]);
    const page = await (await SELF.fetch(`${BASE}/models/flagged-org/model`)).text();
    expect(page).toContain("an undeclared merge");
    const badge = (await (await SELF.fetch(`${BASE}/badge/flagged-org/model.json`)).json()) as any;
    expect(badge.message).toMatch(/^#\d+ of \d+ · flagged$/);
    // Its row on the board says so, with the reason.
    const board = await (await SELF.fetch(`${BASE}/?search=flagged-org`)).text();
    expect(board).toContain('<span class="flagged" title="an undeclared merge"> flagged</span>');

    await call("DELETE", `/api/v1/admin/models/flagged-org/model/flags/${flag.id}`, { reason: "declared now" });
    const unflagged = (await (await SELF.fetch(`${BASE}/badge/flagged-org/model.json`)).json()) as any;
    expect(unflagged.message).toMatch(/^#\d+ of \d+$/);
    expect(await boardIds("flagged-org/model", "&hide=flagged")).toEqual([pushed.evaluation_id]);
    const missing = await call("DELETE", "/api/v1/admin/models/flagged-org/model/flags/flag_nope", { reason: "none" });
    expect(missing.status).toBe(404);
  });

  it("accepting a disputed run makes it the row; rejecting it gives the row back", async () => {
    const [a, b, c] = [await newEvaluator(), await newEvaluator(), await newEvaluator()];
    const model = "decided/model";
    const first = await push(a, run(model, 0.3));
    await push(b, run(model, 0.305));
    const outlier = await push(c, run(model, 0.33));
    expect(outlier.verification).toBe("disputed");
    expect(await boardIds(model)).toEqual([first.evaluation_id]);

    const accept = await call("POST", `/api/v1/admin/evaluations/${outlier.evaluation_id}/decision`, {
      decision: "accept",
      reason: "the others ran an old harness",
    });
    expect(await accept.json()).toMatchObject({ verification: "accepted", status: "ranked" });
    expect(await boardIds(model)).toEqual([outlier.evaluation_id]);
    expect(await verificationOf(first.evaluation_id)).toEqual({ status: "superseded", verification: "reproduced" });

    await call("POST", `/api/v1/admin/evaluations/${outlier.evaluation_id}/decision`, {
      decision: "reject",
      reason: "on second thought, no",
    });
    expect(await boardIds(model)).toEqual([first.evaluation_id]);
    expect(
      (await call("POST", "/api/v1/admin/evaluations/nope/decision", { decision: "accept", reason: "why" })).status,
    ).toBe(404);
  });

  it("deleting an evaluator with reject_runs rejects its runs nobody reproduced and keeps the reproduced ones", async () => {
    const [gone, peer] = [await newEvaluator(), await newEvaluator()];
    const lonely = await push(gone, run("reject-runs/lonely", 0.3));
    const shared = await push(gone, run("reject-runs/shared", 0.3));
    await push(peer, run("reject-runs/shared", 0.302));
    const res = await call("DELETE", `/api/v1/admin/evaluators/${gone.id}?reject_runs=true`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).rejected_runs).toEqual([lonely.evaluation_id]);
    expect(await verificationOf(lonely.evaluation_id)).toEqual({ status: "superseded", verification: "rejected" });
    expect(await verificationOf(shared.evaluation_id)).toEqual({ status: "ranked", verification: "reproduced" });
    expect(await boardIds("reject-runs/lonely", "&verification=all")).toEqual([]);
  });

  describe("auth", () => {
    adminAuthSuite([
      { method: "PATCH", path: "/api/v1/admin/evaluators/ev_x", body: { trust: "trusted", reason: "why" } },
      { method: "POST", path: "/api/v1/admin/evaluations/e/decision", body: { decision: "accept", reason: "why" } },
      { method: "POST", path: "/api/v1/admin/models/o/m/flags", body: { kind: "other", reason: "why" } },
      { method: "DELETE", path: "/api/v1/admin/models/o/m/flags/f", body: { reason: "why" } },
    ]);
  });
});
