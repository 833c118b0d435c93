import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

// The record is append-only in the database itself: whatever code runs above it, SQLite refuses to change a row.
describe("the moderation log", () => {
  it("takes inserts, and aborts every UPDATE and DELETE with its reason", async () => {
    await env.DB.prepare(
      "insert into moderation_log (at, action, subject_type, subject_id, reason, actor) values (1, 'model.flagged', 'model', 'o/m', 'why', 'admin')",
    ).run();
    const update = env.DB.prepare("update moderation_log set reason = 'rewritten'");
    await expect(update.run()).rejects.toThrow(/the moderation log is append-only/);
    await expect(env.DB.prepare("delete from moderation_log").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("delete from moderation_log where id = 1").run()).rejects.toThrow(/append-only/);
    // Inside a batch too: the whole batch rolls back, the row stays as written.
    await expect(
      env.DB.batch([
        env.DB.prepare(
          "insert into moderation_log (at, action, subject_type, subject_id, actor) values (2, 'model.flag_lifted', 'model', 'o/m', 'admin')",
        ),
        env.DB.prepare("update moderation_log set actor = 'someone else' where id = 1"),
      ]),
    ).rejects.toThrow(/append-only/);
    const rows = await env.DB.prepare("select id, reason, actor from moderation_log").all();
    expect(rows.results).toEqual([{ id: 1, reason: "why", actor: "admin" }]);
  });

  it("the triggers are in the schema, so a replaced table would be caught by this test", async () => {
    const triggers = await env.DB.prepare(
      "select name from sqlite_master where type = 'trigger' and tbl_name = 'moderation_log' order by name",
    ).all();
    expect(triggers.results.map((r) => r.name)).toEqual(["moderation_log_no_delete", "moderation_log_no_update"]);
  });
});
