/**
 * Deliveries: every accepted evaluator message by its idempotency key (evaluator, webhook-id), with the answer it
 * got, so a retry gets the same answer and a reused key for another message is refused.
 */
import { and, eq } from "drizzle-orm";
import { insertWhere } from "./conditional";
import type { Db } from "./db";
import { claimedAs } from "./jobs";
import { deliveries } from "./schema";
import type { SubmissionRow } from "./submissions";

export type Delivery = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;

/** The delivery an evaluator already made under this webhook id, or undefined. */
export async function findDelivery(db: Db, evaluatorId: string, webhookId: string): Promise<Delivery | undefined> {
  return db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.evaluatorId, evaluatorId), eq(deliveries.webhookId, webhookId)))
    .get();
}

/** The statement that records a delivery; a second one with the same (evaluator, webhook id) fails the batch. */
export function insertDelivery(db: Db, delivery: NewDelivery) {
  return db.insert(deliveries).values(delivery);
}

/**
 * Records a delivery that stores nothing else (evaluation.started/failed). False when that webhook id was
 * already recorded, so the caller answers with the stored response.
 */
export async function recordDelivery(db: Db, delivery: NewDelivery): Promise<boolean> {
  const inserted = await db
    .insert(deliveries)
    .values(delivery)
    .onConflictDoNothing()
    .returning({ id: deliveries.webhookId });
  return inserted.length === 1;
}

/** The statement that records a claim's delivery, for the claim's batch: it only inserts once `job` holds its claim. */
export function deliveryIfClaimed(db: Db, delivery: NewDelivery, job: SubmissionRow) {
  return insertWhere(db, deliveries, delivery, claimedAs(job));
}
