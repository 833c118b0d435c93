/**
 * The board's order in SQL, the engine's (domain/board/prepared.ts): what the publisher reads the board in, so
 * SQL and the engine agree on ties. Ranks are not counted in SQL: every view, badge and model page ranks on the
 * published board.
 */
import { asc, desc, eq } from "drizzle-orm";
import { evaluations } from "../schema";

/** Only evaluations on the board. */
export const ranked = eq(evaluations.status, "ranked");

/**
 * The engine's canonical order: average desc, then model, precision and id, so SQL and the engine agree on ties.
 */
export const canonicalOrder = [
  desc(evaluations.average),
  asc(evaluations.modelId),
  asc(evaluations.precision),
  asc(evaluations.id),
];
