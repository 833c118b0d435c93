/**
 * The island's data: the slice of a board version behind its immutable URL, its rest, and the island's API view.
 * The slice's figures are held to the server's own engine over the full board, on the real 4,576-row board.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ci95 } from "../../../worker/domain/statistics";
import { applyBoard, type RankedRow } from "../../../worker/domain/board/engine";
import { type Board, boardRows } from "../../../worker/domain/board/snapshot";
import { boardQueryFromParams } from "../../../worker/domain/board/params";
import { type BoardQuery, type CompactRow, SORT_KEYS } from "../../../worker/domain/board/query";
import { decodeSlice, inflate, SLICE_FORMAT, withRest } from "../../../worker/domain/board/slice";
import { answersLocally, needsRest, type SliceRest } from "../../../worker/domain/board/slice-views";
import { database } from "../../../worker/store/db";
import { loadCompactBoard } from "../../../worker/store/read/board";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const BASE = "https://podium.test";
const get = (path: string, init?: RequestInit) => SELF.fetch(`${BASE}${path}`, init);

async function currentVersion(): Promise<string> {
  return ((await (await get("/api/v1/leaderboard?limit=1")).json()) as { version: string }).version;
}

function islandProps(html: string): { dataUrl: string | null } {
  const attribute = /<div data-island="board" data-props="([^"]*)">/.exec(html)?.[1] ?? "";
  return JSON.parse(
    attribute
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  );
}

const query = (params: string): BoardQuery => {
  const parsed = boardQueryFromParams(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(`${params}: ${parsed.message}`);
  return parsed.query;
};

let server: CompactRow[];
let serverBoard: Board;
let sliceUrl: string;
let bytes: Uint8Array;
let rest: SliceRest;

beforeAll(async () => {
  await seedDemo();
  serverBoard = await loadCompactBoard(database(env.DB));
  server = boardRows(serverBoard);
  sliceUrl = islandProps(await (await get("/")).text()).dataUrl as string;
  bytes = await inflate(await (await get(sliceUrl)).blob());
  rest = (await (await get(`${sliceUrl}/rest`)).json()) as SliceRest;
}, 60_000);

describe("the slice of a board version", () => {
  it("is what the page's island props name: the current version's immutable URL, a year in any cache", async () => {
    expect(sliceUrl).toBe(`/api/v1/leaderboard/slices/v${SLICE_FORMAT}/${encodeURIComponent(await currentVersion())}`);
    const res = await get(sliceUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const again = await get(sliceUrl, { headers: { "if-none-match": res.headers.get("etag") as string } });
    expect(again.status).toBe(304);
    // The URL of the layout before (no `v2`), which a browser may still hold: nothing is served there.
    const older = await get(`/api/v1/leaderboard/slices/${encodeURIComponent(await currentVersion())}`);
    expect(older.status).toBe(404);
  });

  it("holds every ranked evaluation of the real board in at most 150 KB, gzipped as served", async () => {
    expect(decodeSlice(bytes).length).toBe(4576);
    expect(new Set(rest.ids)).toEqual(new Set(server.map((r) => r.id)));
    const served = await (await get(sliceUrl)).arrayBuffer();
    expect(served.byteLength).toBeLessThanOrEqual(150 * 1024);
  });

  it("answers 404 with the error envelope once the board moved, and the new version under its own URL", async () => {
    const before = await currentVersion();
    const db = database(env.DB);
    await db.batch([bumpVersions(db, ["board"])]);
    await published();
    const after = await currentVersion();
    expect(after).not.toBe(before);
    for (const path of [sliceUrl, `${sliceUrl}/rest`, `${sliceUrl}?as_of=2024-07-01`]) {
      const old = await get(path);
      expect(old.status, path).toBe(404);
      const body = (await old.json()) as { error: { code: string; message: string; details: unknown[] } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain(after);
    }
    const page = islandProps(await (await get("/")).text());
    expect(page.dataUrl).toBe(`/api/v1/leaderboard/slices/v${SLICE_FORMAT}/${encodeURIComponent(after)}`);
    const res = await get(page.dataUrl as string);
    expect(res.status).toBe(200);
    sliceUrl = page.dataUrl as string;
  }, 30_000);

  it("keys another day's board by `as_of` and refuses a day that is not one", async () => {
    const day = decodeSlice(await inflate(await (await get(`${sliceUrl}?as_of=2024-07-01`)).blob()));
    expect(day.length).toBeGreaterThan(0);
    expect(day.length).toBeLessThan(4576);
    const bad = await get(`${sliceUrl}?as_of=yesterday`);
    expect(bad.status).toBe(400);
  });
});

/** What a page shows of a ranked row, with the row named by its real id. */
function shown(r: RankedRow, idOf: (id: string) => string) {
  const two = (v: number | null) => (v === null ? null : v.toFixed(2));
  return {
    id: idOf(r.row.id),
    rank: r.rank,
    rankRange: r.rankRange,
    pinned: r.pinned,
    average: two(r.average),
    interval: r.averageSe === null ? null : ci95(r.averageSe).toFixed(2),
    raw: r.row.raw.map((v) => two(v === null ? null : v * 100)),
    normalized: r.row.normalized.map(two),
    intervals: r.row.se.map((v) => (v === null ? null : ci95(v).toFixed(2))),
    co2: r.row.co2 < 0 ? null : r.row.co2.toFixed(2),
  };
}

describe("the island's engine over the slice", () => {
  /** Views of every sort, order, scale and rank mode, filters, searches and pins, deep pages included. */
  function views(): string[] {
    const pins = [server[0], server[1234], server[4000]].map((r) => r?.id).join(",");
    const out: string[] = [];
    for (const sort of SORT_KEYS) {
      for (const order of ["asc", "desc"]) {
        out.push(
          `sort=${sort}&order=${order}&limit=500`,
          `sort=${sort}&order=${order}&scores=raw&offset=3000&limit=500`,
        );
      }
    }
    for (const rank of ["static", "dynamic"]) {
      for (const filter of [
        "search=qwen",
        "search=llama%207b",
        "search=%40architecture%3Allama%3B%20mistral",
        "types=chat,merge",
        "precision=float16",
        "params_min=3&params_max=7",
        "hide=merged,moe,flagged,unavailable",
        "official=true",
        "verification=all",
        `pinned=${encodeURIComponent(pins)}&search=phi`,
        "average=visible",
      ]) {
        out.push(`rank=${rank}&${filter}&limit=500`, `rank=${rank}&${filter}&limit=500&offset=500`);
      }
    }
    return out;
  }

  it("gives the server's rows, ranks, rank ranges and shown figures for every view it answers", () => {
    const sliceBoard = decodeSlice(bytes);
    const wholeBoard = withRest(sliceBoard, rest);
    const realId = (id: string) => id;
    let compared = 0;
    for (const params of views()) {
      const q = query(params);
      expect(answersLocally(q), params).toBe(true);
      const expected = applyBoard(serverBoard, q);
      const actual = applyBoard(needsRest(q) ? wholeBoard : sliceBoard, q);
      const idOf = needsRest(q) ? realId : (id: string) => rest.ids[Number(id.slice(1))] as string;
      expect(actual.total, params).toBe(expected.total);
      expect(
        actual.rows.map((r) => shown(r, idOf)),
        params,
      ).toEqual(expected.rows.map((r) => shown(r, realId)));
      compared += expected.rows.length;
    }
    expect(compared).toBeGreaterThan(50_000);
  }, 120_000);
});

describe("the island's API view", () => {
  it("answers a page of a view in its lean form, as the board API ranks it", async () => {
    const params = "search=qwen&sort=bbh&rank=dynamic&limit=20";
    const res = await get(`/api/v1/leaderboard/island?${params}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rows: Array<{ rank: number; rankRange: [number, number] | null; row: { id: string } }>;
      total: number;
      boardSize: number;
    };
    const api = (await (await get(`/api/v1/leaderboard?${params}`)).json()) as {
      data: Array<{ rank: number; rank_range: [number, number] | null; evaluation_id: string }>;
      total: number;
    };
    expect(body.rows).toHaveLength(20);
    expect(body.total).toBe(api.total);
    expect(body.boardSize).toBe(4576);
    expect(body.rows.map((r) => [r.row.id, r.rank, r.rankRange])).toEqual(
      api.data.map((e) => [e.evaluation_id, e.rank, e.rank_range]),
    );
  });

  it("refuses an invalid parameter with a 400 and the error envelope", async () => {
    const res = await get("/api/v1/leaderboard/island?limit=0");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe("invalid_parameter");
  });
});
