/**
 * Models: Hub metadata and flags, one row per `org/name`. Hub ids are case-insensitive (`qwen/x` is `Qwen/x`), so
 * every lookup compares `lower(id)`, which the `models_key` index serves.
 */
import { asc, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";
import { models } from "./schema";

export type ModelRow = typeof models.$inferSelect;

/** The condition that `column` holds the Hub name `name` (a model id, a namespace), in any case. */
export function sameHubName(column: SQLiteColumn | SQL, name: string): SQL {
  return sql`lower(${column}) = lower(${name})`;
}

/** The ids of every model row that is `id` in some case (two for a pair the old board kept apart), as a subquery. */
export function modelRowsOf(db: Db, id: string) {
  return db.select({ id: models.id }).from(models).where(sameHubName(models.id, id));
}

/** The stored id of `id` in SQL: the exact spelling when stored, else the first in order; null when unknown. */
export function storedModelId(id: string): SQL<string> {
  return sql<string>`(select id from models where lower(id) = lower(${id}) order by id = ${id} desc, id limit 1)`;
}

/** The model with this Hub id in any case (the exact spelling first), or undefined. */
export async function findModel(db: Db, id: string): Promise<ModelRow | undefined> {
  return db
    .select()
    .from(models)
    .where(sameHubName(models.id, id))
    .orderBy(sql`${models.id} = ${id} desc`, asc(models.id))
    .limit(1)
    .get();
}
