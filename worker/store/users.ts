/** Users: created or refreshed at each sign-in. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./db";
import { users } from "./schema";

export type UserRow = typeof users.$inferSelect;

/**
 * The statement that inserts the user or refreshes their name and avatar (the id, Hub `sub` or dev name, never
 * changes), for the sign-in batch.
 */
export function upsertUserStatement(db: Db, user: { id: string; name: string; avatarUrl: string | null }, now: number) {
  return db
    .insert(users)
    .values({ ...user, createdAt: now })
    .onConflictDoUpdate({
      target: users.id,
      set: { name: sql`excluded.name`, avatarUrl: sql`excluded.avatar_url` },
    });
}

/** The user with that id, if any. */
export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}
