/**
 * Migration 0004 on a database written before it: every run takes its model's type, architecture and size, and
 * the model keeps nothing of them. Migration 0007 on runs pushed before verification: they become provisional,
 * each waiting for a reproduction that carries the run's own type, and the moderation log refuses changes. Real D1 (SQLite under Miniflare), the migrations applied from their files as
 * `wrangler d1 migrations apply` reads them.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "../../scripts/app-server";

const dir = path.join(root, "migrations");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".sql"))
  .sort();

async function apply(db: D1Database, file: string): Promise<void> {
  const statements = readFileSync(path.join(dir, file), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);
  await db.batch(statements.map((s) => db.prepare(s)));
}

let mf: Miniflare;
let db: D1Database;
let pushed: D1Database;

beforeAll(async () => {
  mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [{ name: "migrations", modules: true, script: "export default {}", d1Databases: ["DB", "PUSHED"] }],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  db = (await mf.getD1Database("DB")) as unknown as D1Database;
  pushed = (await mf.getD1Database("PUSHED")) as unknown as D1Database;
});

afterAll(async () => {
  await mf?.dispose();
});

describe("migration 0004: a run's type, size and architecture", () => {
  it("copies each model's values into every one of its runs, then drops them from the model", async () => {
    const at = files.indexOf("0004_per_run_model_facts_and_history.sql");
    expect(at).toBe(4);
    for (const file of files.slice(0, at)) await apply(db, file);
    await db.batch([
      db.prepare(
        `insert into models (id, type, architecture, params_billions, license, created_at, updated_at) values
         ('a/one', 'chat', 'LlamaForCausalLM', 7.2, 'mit', 1, 1),
         ('b/two', 'merge', null, -1, null, 1, 1),
         ('c/none', 'pretrained', 'GPT2LMHeadModel', 0.124, null, 1, 1)`,
      ),
      db.prepare(
        `insert into evaluations (id, model_id, revision, precision, status, provenance, source, created_at) values
         ('e1', 'a/one', 'r1', 'bfloat16', 'ranked', '{}', 'seed', 1),
         ('e2', 'a/one', 'r2', 'float16', 'superseded', '{}', 'seed', 2),
         ('e3', 'b/two', 'main', '4bit', 'partial', '{}', 'evaluator', 3)`,
      ),
    ]);
    for (const file of files.slice(at)) await apply(db, file);

    const runs = await db
      .prepare("select id, type, architecture, params_billions from evaluations order by id")
      .all<{ id: string; type: string; architecture: string | null; params_billions: number | null }>();
    expect(runs.results).toEqual([
      { id: "e1", type: "chat", architecture: "LlamaForCausalLM", params_billions: 7.2 },
      { id: "e2", type: "chat", architecture: "LlamaForCausalLM", params_billions: 7.2 },
      { id: "e3", type: "merge", architecture: null, params_billions: -1 },
    ]);
    const columns = await db.prepare("select name from pragma_table_info('models')").all<{ name: string }>();
    const names = columns.results.map((c) => c.name);
    expect(names).toContain("license");
    expect(names).not.toContain("type");
    expect(names).not.toContain("architecture");
    expect(names).not.toContain("params_billions");
    const models = await db.prepare("select id, license from models order by id").all();
    expect(models.results).toEqual([
      { id: "a/one", license: "mit" },
      { id: "b/two", license: null },
      { id: "c/none", license: null },
    ]);
  });
});

describe("migration 0007: runs pushed before verification", () => {
  it("makes pushed runs provisional, restores the seeded row, lists the rest and queues their reproductions", async () => {
    const at = files.indexOf("0007_trust_record.sql");
    expect(at).toBe(7);
    for (const file of files.slice(0, at)) await apply(pushed, file);
    await pushed.batch([
      pushed.prepare("insert into evaluators (id, name, created_at) values ('ev1', 'lab', 1)"),
      pushed.prepare(
        `insert into models (id, base_model, flagged, created_at, updated_at) values
         ('s/seeded', null, 0, 1, 1), ('p/pushed', 'p/base', 1, 1, 1)`,
      ),
      // Before verification a push replaced the seeded row of its group; p/pushed has pushed runs only.
      pushed.prepare(
        `insert into evaluations (id, model_id, revision, precision, type, status, provenance, source, evaluator_id,
           created_at) values
         ('seed1', 's/seeded', 'r', 'bfloat16', 'chat', 'superseded', '{}', 'seed', null, 1),
         ('run1', 's/seeded', 'r', 'bfloat16', 'chat', 'ranked', '{}', 'evaluator', 'ev1', 2),
         ('run2', 'p/pushed', 'r', 'float16', 'merge', 'ranked', '{}', 'evaluator', 'ev1', 3),
         ('run3', 'p/pushed', 'r', 'float16', 'merge', 'partial', '{}', 'evaluator', 'ev1', 4)`,
      ),
    ]);
    for (const file of files.slice(at)) await apply(pushed, file);

    const runs = await pushed.prepare("select id, status, verification from evaluations order by id").all();
    expect(runs.results).toEqual([
      { id: "run1", status: "superseded", verification: "provisional" },
      { id: "run2", status: "candidate", verification: "provisional" },
      { id: "run3", status: "partial", verification: "provisional" },
      { id: "seed1", status: "ranked", verification: "seed" },
    ]);
    const jobs = await pushed
      .prepare(
        `select reproduces, kind, model_id, base_model, model_type, submitter_id, status from submissions
         order by reproduces`,
      )
      .all();
    // Each source's newest full run waits for a reproduction, with the run's own type (models have none since 0004).
    expect(jobs.results).toEqual([
      {
        reproduces: "run1",
        kind: "reproduction",
        model_id: "s/seeded",
        base_model: null,
        model_type: "chat",
        submitter_id: "podium",
        status: "PENDING",
      },
      {
        reproduces: "run2",
        kind: "reproduction",
        model_id: "p/pushed",
        base_model: "p/base",
        model_type: "merge",
        submitter_id: "podium",
        status: "PENDING",
      },
    ]);
    const flags = await pushed.prepare("select model_id, created_by from model_flags").all();
    expect(flags.results).toEqual([{ model_id: "p/pushed", created_by: "open-llm-leaderboard" }]);

    await pushed
      .prepare(
        "insert into moderation_log (at, action, subject_type, subject_id, actor) values (1, 'x', 'model', 'p/pushed', 'admin')",
      )
      .run();
    await expect(pushed.prepare("update moderation_log set actor = 'someone'").run()).rejects.toThrow(/append-only/);
    await expect(pushed.prepare("delete from moderation_log").run()).rejects.toThrow(/append-only/);
  });
});
