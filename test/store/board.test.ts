import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { applyBoard, wholeBoardRank } from "../../worker/domain/board/engine";
import { defaultBoardQuery } from "../../worker/domain/board/query";
import { boardRows } from "../../worker/domain/board/snapshot";
import type { Db } from "../../worker/store/db";
import { loadCompactBoard, recentlyRanked } from "../../worker/store/read/board";
import { modelHistory } from "../../worker/store/read/model-history";
import { seedDemo } from "../support/demo";

let db: Db;
beforeAll(async () => {
  db = await seedDemo();
});

describe("loadCompactBoard", () => {
  it("loads every ranked evaluation with its model, in the engine's canonical order", async () => {
    const board = boardRows(await loadCompactBoard(db));
    expect(board).toHaveLength(4576);
    const first = board[0]!;
    expect(first.model).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
    expect(first.id.startsWith("seed:MaziyarPanahi/calme-3.2-instruct-78b_bfloat16_")).toBe(true);
    expect(first.type).toBe("fine-tuned");
    expect(first.architecture).toBe("Qwen2ForCausalLM");
    expect(first.raw).toHaveLength(6);
    expect(first.normalized[0]).toBeCloseTo(80.6260721552148, 10);
    expect(first.raw[0]).toBeCloseTo(0.806260721552148, 12);
    // Seeded rows carry the estimate from their raw values: IFEval's, by hand from statistics.md,
    // 100·(s₅₄₁ + s₈₃₄)/2 with s_n = sqrt(p(1−p)/(n−1)) and p = 0.806260721552148.
    const p = 0.806260721552148;
    const s = (n: number) => Math.sqrt((p * (1 - p)) / (n - 1));
    expect(first.se[0]).toBeCloseTo((100 * (s(541) + s(834))) / 2, 12);
    expect(first.seRaw[0]).toBeCloseTo((s(541) + s(834)) / 2, 14);
    expect(first.seEstimated).toBe(0b111111);
    expect(first.ciSource).toBe("estimated");
    expect(board.every((r) => r.se.every((v) => v !== null && v >= 0))).toBe(true);
    const averages = board.map((r) => r.average as number);
    expect(averages).toEqual([...averages].sort((a, b) => b - a));
  });

  it("reads the old data's negative sizes as unknown", async () => {
    const board = boardRows(await loadCompactBoard(db));
    expect(board.every((r) => r.params === null || r.params >= 0)).toBe(true);
    expect(board.some((r) => r.params === null)).toBe(true);
  });
});

describe("modelHistory", () => {
  it("answers undefined for an unknown model", async () => {
    expect(await modelHistory(db, "no/such")).toBeUndefined();
  });

  it("ranks each ranked run on the whole board (the ranks modelRecord reads from the board)", async () => {
    const history = await modelHistory(db, "gpt2");
    expect(history?.evaluations).toHaveLength(2);
    const board = await loadCompactBoard(db);
    const ranked = applyBoard(board, { ...defaultBoardQuery(), limit: 5000 }).rows;
    for (const e of history!.evaluations) {
      // 1 + the ranked runs strictly better, counted by SQLite itself.
      const better = await env.DB.prepare(
        "select count(*) as n from evaluations where status = 'ranked' and average > ?",
      )
        .bind(e.average)
        .first<number>("n");
      const expected = e.status === "ranked" ? (better ?? 0) + 1 : null;
      expect(wholeBoardRank(board, e.id)).toBe(expected);
      expect(ranked.find((r) => r.row.id === e.id)?.rank ?? null).toBe(expected);
    }
  });
});

describe("recentlyRanked", () => {
  it("answers at most `limit` ranked rows with their storage time", async () => {
    const items = await recentlyRanked(db, 3);
    expect(items).toHaveLength(3);
    expect(items.every((i) => typeof i.createdAt === "number" && i.row.model.length > 0)).toBe(true);
  });
});
