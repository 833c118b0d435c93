/** An evaluator's public record, for the API and the page alike. */
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { type EvaluatorRecord, evaluatorRecord } from "../store/read/evaluator-record";

/** The record of evaluator `id` with a page of its runs; refused for an unknown id. */
export async function evaluatorStanding(
  db: Db,
  id: string,
  q: { limit: number; offset: number },
): Promise<Outcome<EvaluatorRecord, "no_evaluator">> {
  const record = await evaluatorRecord(db, id, q);
  return record ? done(record) : refused({ reason: "no_evaluator", evaluatorId: id });
}
