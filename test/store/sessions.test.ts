import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { database } from "../../worker/store/db";
import { sessions } from "../../worker/store/schema";
import { deleteSession, deleteUserSessions, liveSessionUser, startSession } from "../../worker/store/sessions";

const db = database(env.DB);
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const ada = { id: "hf:ada", name: "ada", avatarUrl: null };
const bob = { id: "hf:bob", name: "bob", avatarUrl: null };

describe("sessions store", () => {
  it("a session names its user until its expiry, and no longer", async () => {
    await startSession(db, ada, { id: "s-expiry", expiresAt: NOW + 1000 }, NOW);
    expect(await liveSessionUser(db, "s-expiry", NOW + 999)).toEqual({ id: "hf:ada", name: "ada" });
    expect(await liveSessionUser(db, "s-expiry", NOW + 1000)).toBeUndefined();
    expect(await liveSessionUser(db, "s-none", NOW)).toBeUndefined();
  });

  it("a sign-in refreshes the user's name; every session then shows the new one", async () => {
    await startSession(db, { ...ada, id: "hf:renamed" }, { id: "s-old-name", expiresAt: NOW + 1000 }, NOW);
    await startSession(
      db,
      { ...ada, id: "hf:renamed", name: "ada-lovelace" },
      { id: "s-new-name", expiresAt: NOW + 1000 },
      NOW,
    );
    expect(await liveSessionUser(db, "s-old-name", NOW)).toEqual({ id: "hf:renamed", name: "ada-lovelace" });
  });

  it("deleting one session leaves the user's others; deleting the user's sessions leaves other users'", async () => {
    for (const id of ["s-a1", "s-a2", "s-a3"]) await startSession(db, ada, { id, expiresAt: NOW + 1000 }, NOW);
    await startSession(db, bob, { id: "s-b1", expiresAt: NOW + 1000 }, NOW);
    await deleteSession(db, "s-a1");
    expect(await liveSessionUser(db, "s-a1", NOW)).toBeUndefined();
    expect(await liveSessionUser(db, "s-a2", NOW)).toEqual({ id: "hf:ada", name: "ada" });
    await deleteUserSessions(db, "hf:ada");
    expect(await liveSessionUser(db, "s-a2", NOW)).toBeUndefined();
    expect(await liveSessionUser(db, "s-a3", NOW)).toBeUndefined();
    expect(await liveSessionUser(db, "s-b1", NOW)).toEqual({ id: "hf:bob", name: "bob" });
  });

  it("the scheduled handler drops expired session rows and keeps live ones", async () => {
    await startSession(db, bob, { id: "s-gone", expiresAt: NOW }, NOW - 1000);
    await startSession(db, bob, { id: "s-kept", expiresAt: NOW + 1 }, NOW - 1000);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const ids = (await db.select({ id: sessions.id }).from(sessions).orderBy(asc(sessions.id))).map((r) => r.id);
    expect(ids).not.toContain("s-gone");
    expect(ids).toContain("s-kept");
  });
});
