/**
 * The board of a past day over pushed runs (real D1): each row's newest trusted run received by the end of the day,
 * a superseded run on the days before its successor, a partial run on no board, and one row per model × revision
 * × precision × chat template; a provisional run marked and only while its row has no verified one, a disputed run
 * never. Receipt days are set here; the expected runs are the ids this file pushed.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BENCHMARK_KEYS } from "../../worker/domain/benchmarks";
import { applyBoard } from "../../worker/domain/board/engine";
import { defaultBoardQuery } from "../../worker/domain/board/query";
import { type Board, boardOf, boardRows } from "../../worker/domain/board/snapshot";
import { interpretCompleted } from "../../worker/domain/harness/interpret";
import { parseEvaluatorEvent, type CompletedEvent } from "../../worker/domain/harness/events";
import { database } from "../../worker/store/db";
import { createEvaluator } from "../../worker/store/evaluators";
import { ingestPushedEvaluation } from "../../worker/store/evaluations";
import { loadCompactBoard } from "../../worker/store/read/board";
import { firstBoardDay, loadCompactBoardAsOf } from "../../worker/store/read/board-as-of";
import { readGroup } from "../../worker/store/verification";
import { judgedPush } from "../../worker/use-cases/verification";
import { completedEvent, harnessResults, type HarnessSpec } from "../support/harness";

const db = database(env.DB);
// Trusted, so that its runs rank at once; COMMUNITY's wait for a reproduction.
const EVALUATOR = "ev_as_of";
const COMMUNITY = "ev_as_of_community";
let n = 0;

/** Pushes a run received at `at` (ms since the epoch, UTC) by `evaluatorId`, judged against its group; its id. */
async function push(spec: HarnessSpec, at: number, evaluatorId = EVALUATOR): Promise<string> {
  const webhookId = `msg_as_of_${++n}`;
  const parsed = parseEvaluatorEvent(JSON.parse(JSON.stringify(completedEvent(harnessResults(spec)))));
  if (!parsed.ok) throw new Error("bad event");
  const interpreted = interpretCompleted((parsed.event as CompletedEvent).data);
  if (!interpreted.ok) throw new Error("bad results");
  const id = `eval_${webhookId}`;
  const e = interpreted.evaluation;
  const group = await readGroup(db, {
    modelId: e.model.id,
    revision: e.model.revision,
    precision: e.model.precision,
    chatTemplate: e.model.chatTemplate,
  });
  group.model ??= { baseModel: null };
  const { write } = judgedPush(
    group,
    {
      id,
      evaluatorId,
      trust: evaluatorId === EVALUATOR ? "trusted" : "community",
      full: e.status !== "partial",
      scores: BENCHMARK_KEYS.map((k) => e.scores[k]?.normalized ?? null),
      weightType: e.model.weightType,
    },
    { tolerance: 1, auditRate: 0, random: () => 0.5, now: at },
  );
  await ingestPushedEvaluation(db, {
    write,
    id,
    evaluatorId,
    evaluation: interpreted.evaluation,
    provenance: { webhookId, bodySha256: "00", ...interpreted.evaluation.provenance },
    now: at,
    delivery: {
      evaluatorId,
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
const ids = async (day: string) =>
  boardRows(await loadCompactBoardAsOf(db, day))
    .map((r) => r.id)
    .sort();
const provisionalIds = async (day: string) =>
  boardRows(await loadCompactBoardAsOf(db, day))
    .filter((r) => r.provisional)
    .map((r) => r.id);

const runs: Record<string, string> = {};
/** The board of 2025-03-04 read before the provisional run was reproduced. */
let provisionalBoard: Board = boardOf([]);

beforeAll(async () => {
  await createEvaluator(
    db,
    { id: EVALUATOR, name: "as-of lab", trust: "trusted" },
    { id: "k", scheme: "v1", material: "x" },
  );
  await createEvaluator(db, { id: COMMUNITY, name: "as-of volunteer" }, { id: "k2", scheme: "v1", material: "x" });
  const model = "org/as-of-model";
  runs.first = await push({ model, math: 0.2 }, at("2025-01-10", 23));
  runs.partial = await push({ model, limit: 5 }, at("2025-01-20"));
  runs.second = await push({ model, math: 0.4 }, at("2025-02-10", 0));
  runs.sameDay = await push({ model, math: 0.5 }, at("2025-02-10", 18));
  runs.other = await push({ model, dtype: "float16" }, at("2025-01-15"));
  runs.another = await push({ model: "org/as-of-other" }, at("2025-01-12"));
  // A provisional run, later reproduced by a trusted one; a verified run, then another source's that disputes it.
  runs.provisional = await push({ model: "org/as-of-provisional", math: 0.3 }, at("2025-03-01"), COMMUNITY);
  provisionalBoard = await loadCompactBoardAsOf(db, "2025-03-04");
  runs.reproducing = await push({ model: "org/as-of-provisional", math: 0.3 }, at("2025-03-05"));
  runs.verified = await push({ model: "org/as-of-disputed", math: 0.3 }, at("2025-03-01"));
  runs.disputing = await push({ model: "org/as-of-disputed", math: 0.9 }, at("2025-03-02"), COMMUNITY);
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

  it("lists a row's provisional run marked, which the default view leaves out and verification=all shows", () => {
    const row = boardRows(provisionalBoard).find((r) => r.id === runs.provisional);
    expect(row?.provisional).toBe(true);
    const shown = (verification: "verified" | "all") =>
      applyBoard(provisionalBoard, { ...defaultBoardQuery(), verification }).rows.map((r) => r.row.id);
    expect(shown("verified")).not.toContain(runs.provisional);
    expect(shown("all")).toContain(runs.provisional);
  });

  it("shows the runs by their verification now: a reproduced run unmarked, the trusted one preferred from its day", async () => {
    expect(await ids("2025-03-04")).toContain(runs.provisional);
    expect(await provisionalIds("2025-03-04")).toEqual([]);
    const later = await ids("2025-03-05");
    expect(later).toContain(runs.reproducing);
    expect(later).not.toContain(runs.provisional);
  });

  it("never shows a disputed run, though it is its row's newest", async () => {
    const day = await ids("2025-03-03");
    expect(day).toContain(runs.verified);
    expect(day).not.toContain(runs.disputing);
  });

  it("after the last run, equals today's board row for row", async () => {
    const today = boardRows(await loadCompactBoard(db))
      .map((r) => [r.id, r.provisional])
      .sort();
    const past = boardRows(await loadCompactBoardAsOf(db, "2030-01-01"))
      .map((r) => [r.id, r.provisional])
      .sort();
    expect(past).toEqual(today);
    expect(past.length).toBeGreaterThan(0);
  });
});
