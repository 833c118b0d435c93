import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import {
  activeKeys,
  createEvaluator,
  findEvaluator,
  listEvaluators,
  revokeEvaluator,
  revokeKey,
  rotateKey,
} from "../../worker/store/evaluators";
import { findDelivery, recordDelivery } from "../../worker/store/deliveries";
import { evaluatorKeys } from "../../worker/store/schema";

const db = database(env.DB);
let n = 0;
const fresh = () => `ev_store_${++n}`;

describe("evaluators", () => {
  it("creates an evaluator with its first key and lists it without key material", async () => {
    const id = fresh();
    await createEvaluator(
      db,
      { id, name: "lab A" },
      { id: `${id}_k1`, scheme: "v1", material: "aesgcm1:secret" },
      1000,
    );
    const listed = (await listEvaluators(db)).find((e) => e.id === id);
    expect(listed).toEqual({
      id,
      name: "lab A",
      trust: "community",
      createdAt: 1000,
      revokedAt: null,
      keys: [{ id: `${id}_k1`, scheme: "v1", createdAt: 1000, expiresAt: null, revokedAt: null }],
    });
    expect(JSON.stringify(listed)).not.toContain("aesgcm1");
  });

  it("rotation gives the old key an expiry after the grace period; both verify until then", async () => {
    const id = fresh();
    await createEvaluator(db, { id, name: "lab B" }, { id: `${id}_k1`, scheme: "v1", material: "old" }, 1000);
    await rotateKey(db, id, { id: `${id}_k2`, scheme: "v1a", material: "whpk_new" }, 24 * 3_600_000, 5000);
    const old = await db
      .select()
      .from(evaluatorKeys)
      .where(eq(evaluatorKeys.id, `${id}_k1`))
      .get();
    expect(old?.expiresAt).toBe(5000 + 24 * 3_600_000);
    expect((await activeKeys(db, id, 5000 + 24 * 3_600_000 - 1)).map((k) => k.id)).toEqual([`${id}_k1`, `${id}_k2`]);
    expect((await activeKeys(db, id, 5000 + 24 * 3_600_000)).map((k) => k.id)).toEqual([`${id}_k2`]);
  });

  it("a second rotation does not extend the first key's grace", async () => {
    const id = fresh();
    await createEvaluator(db, { id, name: "lab C" }, { id: `${id}_k1`, scheme: "v1", material: "a" }, 1000);
    await rotateKey(db, id, { id: `${id}_k2`, scheme: "v1", material: "b" }, 100, 2000);
    await rotateKey(db, id, { id: `${id}_k3`, scheme: "v1", material: "c" }, 100, 3000);
    const keys = await db.select().from(evaluatorKeys).where(eq(evaluatorKeys.evaluatorId, id));
    expect(Object.fromEntries(keys.map((k) => [k.id, k.expiresAt]))).toEqual({
      [`${id}_k1`]: 2100,
      [`${id}_k2`]: 3100,
      [`${id}_k3`]: null,
    });
  });

  it("revocation is recorded once and keeps the evaluator", async () => {
    const id = fresh();
    await createEvaluator(db, { id, name: "lab D" }, { id: `${id}_k1`, scheme: "v1", material: "a" }, 1000);
    await revokeEvaluator(db, id, 7000);
    await revokeEvaluator(db, id, 9000);
    expect((await findEvaluator(db, id))?.revokedAt).toBe(7000);
  });

  it("revoking one key stops it at once, inside a grace period too; once recorded; only the evaluator's own keys", async () => {
    const id = fresh();
    const other = fresh();
    await createEvaluator(db, { id, name: "lab E" }, { id: `${id}_k1`, scheme: "v1", material: "a" }, 1000);
    await createEvaluator(db, { id: other, name: "lab F" }, { id: `${other}_k1`, scheme: "v1", material: "b" }, 1000);
    await rotateKey(db, id, { id: `${id}_k2`, scheme: "v1", material: "c" }, 100_000, 2000);
    expect(await revokeKey(db, id, `${id}_k1`, 3000)).toEqual({ id: `${id}_k1`, revokedAt: 3000 });
    expect(await revokeKey(db, id, `${id}_k1`, 4000)).toEqual({ id: `${id}_k1`, revokedAt: 3000 });
    expect((await activeKeys(db, id, 3000)).map((k) => k.id)).toEqual([`${id}_k2`]);
    expect(await revokeKey(db, id, `${other}_k1`, 3000)).toBeUndefined();
    expect((await activeKeys(db, other, 3000)).map((k) => k.id)).toEqual([`${other}_k1`]);
    // The current key revoked too (no key left), then a rotation: the revoked key gets no grace expiry.
    await revokeKey(db, id, `${id}_k2`, 4000);
    expect(await activeKeys(db, id, 4000)).toEqual([]);
    await rotateKey(db, id, { id: `${id}_k3`, scheme: "v1", material: "d" }, 100, 5000);
    const k2 = await db
      .select()
      .from(evaluatorKeys)
      .where(eq(evaluatorKeys.id, `${id}_k2`))
      .get();
    expect(k2).toMatchObject({ expiresAt: null, revokedAt: 4000 });
    expect((await activeKeys(db, id, 5000)).map((k) => k.id)).toEqual([`${id}_k3`]);
  });
});

describe("deliveries", () => {
  it("records a webhook id once per evaluator; the second try reports it was already there", async () => {
    const id = fresh();
    await createEvaluator(db, { id, name: "lab E" }, { id: `${id}_k1`, scheme: "v1", material: "a" }, 1000);
    const delivery = {
      evaluatorId: id,
      webhookId: "msg_1",
      type: "evaluation.started",
      receivedAt: 1,
      bodySha256: "ab",
      jobId: "job_1",
      evaluationId: null,
      responseStatus: 202,
      response: { received: true },
    };
    expect(await recordDelivery(db, delivery)).toBe(true);
    expect(await recordDelivery(db, { ...delivery, response: { other: true } })).toBe(false);
    expect((await findDelivery(db, id, "msg_1"))?.response).toEqual({ received: true });
    expect(await findDelivery(db, id, "msg_2")).toBeUndefined();
  });
});
