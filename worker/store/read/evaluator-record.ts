/**
 * An evaluator's public record: who it is, its trust, what it ran on, how its runs fared (pushed, reproduced,
 * disputed), the flags the rules raised on it, and a page of its runs, newest first.
 */
import { and, count, desc, eq, max, sql } from "drizzle-orm";
import type { Db } from "../db";
import type { Evaluator } from "../evaluators";
import { findEvaluator } from "../evaluators";
import type { LogEntry } from "../moderation";
import { evaluations, moderationLog } from "../schema";

export interface EvaluatorRecord {
  evaluator: Evaluator;
  /** Distinct `count × gpu` its runs reported, most used first. */
  hardware: string[];
  runs: { pushed: number; reproduced: number; disputed: number; rejected: number; lastAt: number | null };
  /** Moderation log entries about it, newest first (creation, trust changes, flags raised by the rules). */
  record: LogEntry[];
  page: Array<
    Pick<
      typeof evaluations.$inferSelect,
      "id" | "modelId" | "revision" | "precision" | "chatTemplate" | "status" | "verification" | "average" | "createdAt"
    >
  >;
}

/** The record of evaluator `id`, with `limit` of its runs from `offset`; undefined for an unknown id. */
export async function evaluatorRecord(
  db: Db,
  id: string,
  q: { limit: number; offset: number },
): Promise<EvaluatorRecord | undefined> {
  const evaluator = await findEvaluator(db, id);
  if (!evaluator) return undefined;
  const mine = eq(evaluations.evaluatorId, id);
  const tally = (v: string) => sql<number>`sum(case when ${evaluations.verification} = ${v} then 1 else 0 end)`;
  const gpu = sql<string | null>`json_extract(${evaluations.provenance}, '$.hardware.count') || ' × ' ||
    json_extract(${evaluations.provenance}, '$.hardware.gpu')`;
  const [totals, hardware, record, page] = await Promise.all([
    db
      .select({
        pushed: count(),
        reproduced: tally("reproduced"),
        disputed: tally("disputed"),
        rejected: tally("rejected"),
        lastAt: max(evaluations.createdAt),
      })
      .from(evaluations)
      .where(mine)
      .get(),
    db
      .select({ hardware: gpu, n: count() })
      .from(evaluations)
      .where(and(mine, sql`json_extract(${evaluations.provenance}, '$.hardware.gpu') is not null`))
      .groupBy(gpu)
      .orderBy(desc(count()), gpu),
    db
      .select()
      .from(moderationLog)
      .where(and(eq(moderationLog.subjectType, "evaluator"), eq(moderationLog.subjectId, id)))
      .orderBy(desc(moderationLog.id))
      .limit(100),
    db
      .select({
        id: evaluations.id,
        modelId: evaluations.modelId,
        revision: evaluations.revision,
        precision: evaluations.precision,
        chatTemplate: evaluations.chatTemplate,
        status: evaluations.status,
        verification: evaluations.verification,
        average: evaluations.average,
        createdAt: evaluations.createdAt,
      })
      .from(evaluations)
      .where(mine)
      .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
      .limit(q.limit)
      .offset(q.offset),
  ]);
  return {
    evaluator,
    hardware: hardware.flatMap((h) => (h.hardware ? [h.hardware] : [])),
    runs: {
      pushed: totals?.pushed ?? 0,
      reproduced: Number(totals?.reproduced ?? 0),
      disputed: Number(totals?.disputed ?? 0),
      rejected: Number(totals?.rejected ?? 0),
      lastAt: totals?.lastAt ?? null,
    },
    record,
    page,
  };
}
