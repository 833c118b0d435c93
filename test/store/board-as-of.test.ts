/**
 * The board of a past day over pushed runs (real D1): each row's newest full run received by the end of the day,
 * a superseded run on the days before its successor, a partial run on no board, and one row per model × revision
 * × precision. Receipt days are set here; the expected runs are the ids this file pushed.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { interpretCompleted } from "../../worker/domain/harness/interpret";
import { parseEvaluatorEvent, type CompletedEvent } from "../../worker/domain/harness/events";
import { database } from "../../worker/store/db";
import { createEvaluator } from "../../worker/store/evaluators";
import { ingestPushedEvaluation } from "../../worker/store/evaluations";
import { firstBoardDay, loadCompactBoardAsOf } from "../../worker/store/read/board-as-of";
import { completedEvent, harnessResults, type HarnessSpec } from "../support/harness";

const db = database(env.DB);
const EVALUATOR = "ev_as_of";
let n = 0;

/** Pushes a run received at `at` (ms since the epoch, UTC); answers its id. */
async function push(spec: HarnessSpec, at: number): Promise<string> {
  const webhookId = `msg_as_of_${++n}`;
  const parsed = parseEvaluatorEvent(JSON.parse(JSON.stringify(completedEvent(harnessResults(spec)))));
  if (!parsed.ok) throw new Error("bad event");
  const interpreted = interpretCompleted((parsed.event as CompletedEvent).data);
  if (!interpreted.ok) throw new Error("bad results");
  const id = `eval_${webhookId}`;
  await ingestPushedEvaluation(db, {
    id,
    evaluatorId: EVALUATOR,
    evaluation: interpreted.evaluation,
    provenance: { webhookId, bodySha256: "00", ...interpreted.evaluation.provenance },
    now: at,
    delivery: {
      evaluatorId: EVALUATOR,
      webhookId,
      type: "evaluation.completed",
      receivedAt: at,
      bodySha256: "00",
      evaluationId: id,
      responseStatus: 201,
      response: { evaluation_id: id },
    },
  });
  return id;
}

const at = (day: string, hour = 12) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
const ids = async (day: string) => (await loadCompactBoardAsOf(db, day)).map((r) => r.id).sort();

const runs: Record<string, string> = {};

beforeAll(async () => {
  await createEvaluator(db, { id: EVALUATOR, name: "as-of lab" }, { id: "k", scheme: "v1", material: "x" });
  const model = "org/as-of-model";
  runs.first = await push({ model, math: 0.2 }, at("2025-01-10", 23));
  runs.partial = await push({ model, limit: 5 }, at("2025-01-20"));
  runs.second = await push({ model, math: 0.4 }, at("2025-02-10", 0));
  runs.sameDay = await push({ model, math: 0.5 }, at("2025-02-10", 18));
  runs.other = await push({ model, dtype: "float16" }, at("2025-01-15"));
  runs.another = await push({ model: "org/as-of-other" }, at("2025-01-12"));
});

describe("loadCompactBoardAsOf over pushed runs", () => {
  it("has nothing before the first receipt, and names that day as the board's first", async () => {
    expect(await ids("2025-01-09")).toEqual([]);
    expect(await firstBoardDay(db)).toBe("2025-01-10");
  });

  it("shows a run from the end of its receipt day, to the end of the day before a newer run of its row", async () => {
    expect(await ids("2025-01-10")).toEqual([runs.first]);
    expect(await ids("2025-01-12")).toEqual([runs.first, runs.another].sort());
    expect(await ids("2025-02-09")).toEqual([runs.first, runs.other, runs.another].sort());
  });

  it("takes the later of two runs received on the same day, and never a partial one", async () => {
    const day = await ids("2025-02-10");
    expect(day).toEqual([runs.sameDay, runs.other, runs.another].sort());
    expect(await ids("2025-01-20")).not.toContain(runs.partial);
  });
});
