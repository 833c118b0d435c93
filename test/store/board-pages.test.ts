/**
 * The publisher's paged read of the board (store/read/board.ts boardPages): the same rows as the one-query read
 * (`loadBoardRows`, the SQL canonical order), each once, in pages that cost their own rows, and the same snapshot
 * once the builder has put them in order, on the real board and on one whose pages split ties.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../bench/counting-d1";
import type { CompactRow } from "../../worker/domain/board/query";
import { encodeSnapshot, SnapshotBuilder } from "../../worker/domain/board/snapshot";
import { database, type Db } from "../../worker/store/db";
import { BOARD_PAGE_ROWS, boardPages, loadBoardRows } from "../../worker/store/read/board";
import { seedDemo } from "../support/demo";

let db: Db;
beforeAll(async () => {
  db = await seedDemo();
});

async function paged(from: Db, pageRows: number): Promise<CompactRow[][]> {
  const out: CompactRow[][] = [];
  for await (const page of boardPages(from, pageRows)) out.push(page);
  return out;
}

const byId = (rows: readonly CompactRow[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** How many rows D1 shows, counted by SQLite itself. */
async function shownRows(): Promise<number> {
  const n = await env.DB.prepare(
    "SELECT count(*) AS n FROM evaluations WHERE status IN ('ranked', 'candidate')",
  ).first<number>("n");
  return n ?? 0;
}

async function snapshotOfPages(pageRows: number): Promise<Uint8Array> {
  const builder = new SnapshotBuilder({ order: "canonical" });
  for await (const page of boardPages(db, pageRows)) builder.add(page);
  return builder.finish();
}

/** The first byte at which two buffers differ, −1 when they are equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

describe("boardPages", { timeout: 60_000 }, () => {
  it("gives loadBoardRows's rows, each once, at any page size (a page size the board is a multiple of too)", async () => {
    const whole = await loadBoardRows(db);
    const n = await shownRows();
    expect(whole).toHaveLength(n);
    for (const size of [BOARD_PAGE_ROWS, 1000, n, n - 1, 572]) {
      const pages = await paged(db, size);
      expect(pages.every((p) => p.length <= size && p.length > 0)).toBe(true);
      expect(pages).toHaveLength(Math.ceil(n / size));
      const rows = pages.flat();
      expect(new Set(rows.map((r) => r.id)).size).toBe(n);
      expect(byId(rows)).toEqual(byId(whole));
    }
  });

  it("reads each shown row once over all its pages: statements are the pages, 2 rows read a row (the one query: 3)", async () => {
    const n = await shownRows();
    const counting = countingD1(env.DB);
    await loadBoardRows(database(counting.db));
    const oneQuery = counting.counts();
    counting.reset();
    await paged(database(counting.db), 500);
    const pages = counting.counts();
    // Full pages, and one more that finds the last rows (or none, when the board is a multiple of the page).
    expect(pages.statements).toBe(Math.floor(n / 500) + 1);
    // An evaluation and its model per board row (the seeded board shows every run it holds); a page that read
    // every shown row above its cursor would read ~n/2 a page, ~5·n over these 10 pages. The one query reads 3·n
    // (the status index, the row, the model) and sorts them.
    expect(pages.rowsRead).toBeGreaterThanOrEqual(2 * n);
    expect(pages.rowsRead).toBeLessThanOrEqual(2 * n + pages.statements);
    expect(pages.rowsRead).toBeLessThan(oneQuery.rowsRead);
  });

  it("built in pages, the board is byte for byte the snapshot of loadBoardRows", async () => {
    const expected = encodeSnapshot(await loadBoardRows(db));
    for (const size of [BOARD_PAGE_ROWS, 1000]) expect(firstDifference(await snapshotOfPages(size), expected)).toBe(-1);
  });

  it("on a board whose pages split ties on the average and on null averages, the same snapshot", async () => {
    // Forty rows next to each other by id share one average (their models repeat: ties on model, then precision),
    // and thirty more have none; pages of 16 rows cut through both runs of ties.
    await env.DB.prepare(
      "UPDATE evaluations SET average = 41.5 WHERE id IN (SELECT id FROM evaluations ORDER BY id LIMIT 40 OFFSET 100)",
    ).run();
    await env.DB.prepare(
      "UPDATE evaluations SET average = NULL WHERE id IN (SELECT id FROM evaluations ORDER BY id LIMIT 30 OFFSET 3000)",
    ).run();
    const whole = await loadBoardRows(db);
    expect(whole.filter((r) => r.average === 41.5)).toHaveLength(40);
    expect(whole.slice(-30).every((r) => r.average === null)).toBe(true);
    const pages = await paged(db, 16);
    expect(byId(pages.flat())).toEqual(byId(whole));
    expect(firstDifference(await snapshotOfPages(16), encodeSnapshot(whole))).toBe(-1);
  });
});
