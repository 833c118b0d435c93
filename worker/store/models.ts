/** Models: Hub metadata and flags, one row per `org/name`. */
import { eq } from "drizzle-orm";
import type { Db } from "./db";
import { models } from "./schema";

export type Model = typeof models.$inferSelect;

/** The model with this Hub id, or undefined. */
export async function findModel(db: Db, id: string): Promise<Model | undefined> {
  return db.select().from(models).where(eq(models.id, id)).get();
}
