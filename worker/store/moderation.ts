/**
 * The moderation log: every admin action and every automatic flag, appended in the batch of the write it records,
 * read newest first. Nothing here updates or deletes an entry, and the database refuses to (migration 0007).
 */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { ModerationAction, ModerationSubject } from "../domain/moderation";
import { insertWhere } from "./conditional";
import type { Db } from "./db";
import { moderationLog } from "./schema";

export type LogEntry = typeof moderationLog.$inferSelect;

export interface NewLogEntry {
  at: number;
  action: ModerationAction;
  subjectType: ModerationSubject;
  subjectId: string;
  reason: string | null;
  actor: string;
  details?: Record<string, unknown> | null;
}

/** The statement that appends `entry`; with `when`, only if that holds as it runs (the action it records happened). */
export function appendEntry(db: Db, entry: NewLogEntry, when?: SQL) {
  const row = { ...entry, details: entry.details ?? null };
  return when ? insertWhere(db, moderationLog, row, when) : db.insert(moderationLog).values(row);
}

/** A page of the log, newest first, optionally about one subject. */
export async function listEntries(
  db: Db,
  q: { limit: number; offset: number; subject?: { type: ModerationSubject; id: string } | undefined },
): Promise<{ entries: LogEntry[]; total: number }> {
  const where = q.subject
    ? and(eq(moderationLog.subjectType, q.subject.type), eq(moderationLog.subjectId, q.subject.id))
    : undefined;
  const [entries, total] = await Promise.all([
    db.select().from(moderationLog).where(where).orderBy(desc(moderationLog.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(moderationLog).where(where).get(),
  ]);
  return { entries, total: total?.n ?? 0 };
}
