/**
 * The published board (issue 15): a burst of board changes publishes few snapshots, a failed publish leaves the
 * previous board serving until a later alarm (or the cron) publishes, a fresh isolate loads the published snapshot
 * in a few statements without scanning D1, and what is published is the board D1 holds.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../bench/counting-d1";
import { kvSnapshots, type SnapshotStore } from "../../worker/adapters/snapshots";
import type { BoardPublisher } from "../../worker/board-publisher";
import { retryDelayMs } from "../../worker/board-publisher";
import { boardLength, boardRows, decodeSnapshot, rowAt } from "../../worker/domain/board/snapshot";
import worker from "../../worker/index";
import { database } from "../../worker/store/db";
import { BOARD_PAGE_ROWS, type BoardPages, boardPages, loadBoardRows } from "../../worker/store/read/board";
import { bumpVersions, recordPublished, storedState } from "../../worker/store/version";
import { consistentBoard, publishBoard, snapshotKey } from "../../worker/use-cases/publish";
import { BoardHolder } from "../../worker/use-cases/published-board";
import { testApp } from "../support/app";
import { seedDemo } from "../support/demo";
import { newEvaluator, postSigned } from "../support/evaluators";
import { completedEvent, harnessResults } from "../support/harness";

const app = testApp({ random: () => 0.99 });
const db = database(env.DB);
const publisher = () => env.BOARD_PUBLISHER.getByName("board");
/** A long interval: no alarm fires by itself while a test runs. */
const DEBOUNCED = { BOARD_PUBLISH_SECONDS: "600" };
let evaluator: { id: string; secret: string };

/** What D1 says, read straight from its tables (not through the code under test). */
async function d1Board(): Promise<{ version: string; published: string | null; shown: number }> {
  const version = await env.DB.prepare("SELECT value FROM meta WHERE key = 'version:board'").first<string>("value");
  const published = await env.DB.prepare("SELECT version FROM published_board").first<string>("version");
  const shown = await env.DB.prepare(
    "SELECT count(*) AS n FROM evaluations WHERE status IN ('ranked', 'candidate')",
  ).first<number>("n");
  return { version: version ?? "0", published, shown: shown ?? 0 };
}

/**
 * The publisher records a publish as another isolate would: views learn of it once the isolate's version memory
 * (1 s, store/version.ts) has passed, so a test reading the board right after an alarm waits that long first.
 */
const beyondVersionMemory = () => new Promise((resolve) => setTimeout(resolve, 1100));

/** Every snapshot written to KV. */
async function snapshotKeys(): Promise<string[]> {
  return (await env.BOARD_SNAPSHOTS.list({ prefix: "board/" })).keys.map((k) => k.name);
}

async function push(model: string, vars: Partial<Env> = {}) {
  const body = completedEvent(harnessResults({ model }));
  const res = await postSigned(evaluator.id, evaluator.secret, body, {
    fetch: (path, init) => app.fetch(path, init, vars),
  });
  expect(res.status, model).toBe(201);
}

/** The board an API answer shows: the version it names and the models it lists under `search`. */
async function shown(search: string, vars: Partial<Env> = {}) {
  const res = await app.fetch(`/api/v1/leaderboard?search=${encodeURIComponent(search)}&limit=500`, {}, vars);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { model: { id: string } }[] };
  return {
    version: res.headers.get("podium-board-version"),
    keyed: res.headers.get("x-podium-version"),
    models: body.data.map((e) => e.model.id).sort(),
  };
}

beforeAll(async () => {
  await seedDemo();
  const created = await newEvaluator({ name: "publish lab", trust: "trusted" });
  evaluator = { id: created.id, secret: created.secret! };
});

// Each publish builds the 4,576-row board; on a shared machine a test may take several seconds.
describe("publishing the board", { timeout: 30_000 }, () => {
  it("a burst of 20 board changes publishes two snapshots: the first at once, the rest in one alarm", async () => {
    const before = await snapshotKeys();
    const versions = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await push(`publish-burst/m-${String(i).padStart(2, "0")}`, DEBOUNCED);
      versions.add((await d1Board()).version);
    }
    // Every push moved D1's board version, but only the first was published.
    expect(versions.size).toBe(20);
    const written = (await snapshotKeys()).filter((k) => !before.includes(k));
    expect(written).toHaveLength(1);
    const afterBurst = await d1Board();
    expect(afterBurst.published).not.toBe(afterBurst.version);

    // Views show, name and are keyed by the published board, not D1's newer version.
    const lagging = await shown("publish-burst", DEBOUNCED);
    expect(lagging.models).toEqual(["publish-burst/m-00"]);
    expect(lagging.version).toBe(afterBurst.published);
    expect(lagging.keyed).toBe(`board=${afterBurst.published}`);

    expect(await runDurableObjectAlarm(publisher())).toBe(true);
    expect((await snapshotKeys()).filter((k) => !before.includes(k))).toHaveLength(2);
    const settled = await d1Board();
    expect(settled.published).toBe(settled.version);
    await beyondVersionMemory();
    const caughtUp = await shown("publish-burst", DEBOUNCED);
    expect(caughtUp.models).toHaveLength(20);
    expect(caughtUp.version).toBe(settled.version);
    // Nothing is left to publish: the alarm is spent and no new snapshot is written.
    expect(await runDurableObjectAlarm(publisher())).toBe(false);
  });

  it("a failed KV put leaves the previous board serving, and the retry alarm publishes the new one", async () => {
    await push("publish-fail/first");
    const good = await d1Board();
    expect(good.published).toBe(good.version);

    const failing: SnapshotStore = {
      read: (key) => kvSnapshots(env.BOARD_SNAPSHOTS).read(key),
      write: () => Promise.reject(new Error("KV is down")),
    };
    await runInDurableObject(publisher(), (o: BoardPublisher) => {
      o.snapshots = failing;
    });
    const asked = Date.now();
    await push("publish-fail/second");

    const stale = await d1Board();
    expect(stale.version).not.toBe(good.version);
    expect(stale.published).toBe(good.version);
    const serving = await shown("publish-fail");
    expect(serving.models).toEqual(["publish-fail/first"]);
    expect(serving.version).toBe(good.version);
    expect(await snapshotKeys()).not.toContain(snapshotKey(stale.version));

    // The retry waits the backoff's first step (1 s at an interval of 0).
    const alarm = await runInDurableObject(publisher(), (_o, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(asked + 1000);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 1000);

    await runInDurableObject(publisher(), (o: BoardPublisher) => {
      o.snapshots = kvSnapshots(env.BOARD_SNAPSHOTS);
    });
    expect(await runDurableObjectAlarm(publisher())).toBe(true);
    const fixed = await d1Board();
    expect(fixed.published).toBe(fixed.version);
    await beyondVersionMemory();
    const now = await shown("publish-fail");
    expect(now.models).toEqual(["publish-fail/first", "publish-fail/second"]);
    expect(now.version).toBe(fixed.version);
  });

  it("the cron publishes a board whose publish was lost", async () => {
    await runInDurableObject(publisher(), (o: BoardPublisher) => {
      o.snapshots = { ...kvSnapshots(env.BOARD_SNAPSHOTS), write: () => Promise.reject(new Error("KV is down")) };
    });
    await push("publish-cron/run");
    // The retry is lost too: only the cron is left.
    await runInDurableObject(publisher(), async (o: BoardPublisher, state) => {
      await state.storage.deleteAlarm();
      o.snapshots = kvSnapshots(env.BOARD_SNAPSHOTS);
    });
    const lagging = await d1Board();
    expect(lagging.published).not.toBe(lagging.version);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await d1Board();
    expect(after.published).toBe(after.version);
    await beyondVersionMemory();
    expect((await shown("publish-cron")).models).toEqual(["publish-cron/run"]);
  });

  it("a snapshot over KV's 25 MiB is refused before it is written", async () => {
    const key = snapshotKey("too-large");
    await expect(kvSnapshots(env.BOARD_SNAPSHOTS).write(key, new Uint8Array(25 * 2 ** 20 + 1))).rejects.toThrow(
      /over KV's/,
    );
    expect(await env.BOARD_SNAPSHOTS.get(key)).toBeNull();
  });

  it("retries wait the interval (at least 1 s), doubled per failure, at most 5 minutes", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 10_000))).toEqual([10_000, 20_000, 40_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, 0))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(12, 10_000)).toBe(300_000);
  });
});

describe("loading the published board", { timeout: 30_000 }, () => {
  const noPublisher = () => Promise.reject(new Error("no publisher in this test"));

  it("a fresh isolate loads the 4,576-row board in at most 5 statements and 100 rows read, never scanning D1", async () => {
    await push("publish-load/run");
    const d1 = await d1Board();
    expect(d1.published).toBe(d1.version);
    expect(d1.shown).toBeGreaterThanOrEqual(4576);

    const counting = countingD1(env.DB);
    const cdb = database(counting.db);
    const holder = new BoardHolder();
    const snapshots = kvSnapshots(env.BOARD_SNAPSHOTS);
    const served = await holder.serve({ db: cdb, snapshots, publishNow: noPublisher }, await storedState(cdb));
    const counts = counting.counts();
    expect(counts.statements).toBeLessThanOrEqual(5);
    expect(counts.rowsRead).toBeLessThanOrEqual(100);
    expect(served.version).toBe(d1.version);
    expect(boardLength(served.board)).toBe(d1.shown);
    expect(holder.board(d1.version)).toBe(served.board);
  });

  it("the published snapshot is the board D1 gives, row for row", async () => {
    const { version } = await d1Board();
    const bytes = await env.BOARD_SNAPSHOTS.get(snapshotKey(version), "arrayBuffer");
    expect(bytes).not.toBeNull();
    const board = decodeSnapshot(new Uint8Array(bytes!));
    const rows = await loadBoardRows(db);
    expect(boardLength(board)).toBe(rows.length);
    expect(Array.from({ length: boardLength(board) }, (_, i) => rowAt(board, i))).toEqual(rows);
  });

  it("a version whose snapshot KV does not show yet keeps the held board serving, with no D1 read", async () => {
    const snapshots = kvSnapshots(env.BOARD_SNAPSHOTS);
    const holder = new BoardHolder();
    const first = await holder.serve({ db, snapshots, publishNow: noPublisher }, await storedState(db));

    // A record naming a snapshot not (yet) in this data center's KV.
    const next = { version: "zz-lagging", key: snapshotKey("zz-lagging") };
    await recordPublished(db, next, Date.now());
    const state = await storedState(db);
    const counting = countingD1(env.DB);
    const source = { db: database(counting.db), snapshots, publishNow: noPublisher };
    const t = Date.now();
    expect((await holder.serve(source, state, t)).version).toBe(first.version);
    expect(counting.counts().statements).toBe(0);

    // Once KV has it, the next try after the miss's pause serves it.
    const bytes = await env.BOARD_SNAPSHOTS.get(snapshotKey(first.version), "arrayBuffer");
    await env.BOARD_SNAPSHOTS.put(next.key, bytes!);
    expect((await holder.serve(source, state, t + 1000)).version).toBe(first.version);
    const caughtUp = await holder.serve(source, state, t + 6000);
    expect(caughtUp.version).toBe("zz-lagging");
    expect(boardLength(caughtUp.board)).toBe(boardLength(first.board));
    expect(counting.counts().statements).toBe(0);
    await recordPublished(db, { version: first.version, key: snapshotKey(first.version) }, Date.now());
  });

  it("with nothing usable published and no publisher, a fresh isolate builds the board from D1 once", async () => {
    const state = await storedState(db);
    // A snapshot of another format is not read.
    const foreign = { ...state, published: { version: state.versions.board, key: `board/v0/${state.versions.board}` } };
    const holder = new BoardHolder();
    const counting = countingD1(env.DB);
    const source = { db: database(counting.db), snapshots: kvSnapshots(env.BOARD_SNAPSHOTS), publishNow: noPublisher };
    const built = await holder.serve(source, foreign);
    expect(built.version).toBe(state.versions.board);
    expect(boardLength(built.board)).toBe((await d1Board()).shown);
    const reads = counting.counts().statements;
    expect(reads).toBeGreaterThan(0);
    expect(await holder.serve(source, foreign)).toBe(built);
    expect(counting.counts().statements).toBe(reads);
  });
});

describe("building the board in pages", { timeout: 60_000 }, () => {
  it("publishing the 4,576-row board is 5 statements: versions, versions, one page of 5,000 rows, versions, the record", async () => {
    // D1's board moves without a publish request (as a write whose request was lost would leave it).
    await bumpVersions(db, ["board"]);
    const { shown } = await d1Board();
    expect(shown).toBeLessThan(BOARD_PAGE_ROWS);
    const counting = countingD1(env.DB);
    const outcome = await publishBoard(database(counting.db), kvSnapshots(env.BOARD_SNAPSHOTS));
    expect(outcome.kind).toBe("published");
    const counts = counting.counts();
    expect(counts.statements).toBe(5);
    // An evaluation and its model per board row, and the few version rows.
    expect(counts.rowsRead).toBeGreaterThanOrEqual(2 * shown);
    expect(counts.rowsRead).toBeLessThanOrEqual(2 * shown + 20);
    const d1 = await d1Board();
    expect(d1.published).toBe(d1.version);
  });

  it("in pages of 1,000 the build is the pages (the board's thousands, plus the last part) and two version reads", async () => {
    const { shown, version } = await d1Board();
    const counting = countingD1(env.DB);
    const built = await consistentBoard(database(counting.db), (from) => boardPages(from, 1000));
    expect(counting.counts().statements).toBe(Math.floor(shown / 1000) + 1 + 2);
    expect(built.version).toBe(version);
    expect(boardRows(decodeSnapshot(built.bytes))).toEqual(await loadBoardRows(db));
  });

  it("a write landing between two pages makes the build read the board again, and the snapshot holds it", async () => {
    let attempts = 0;
    const pages: BoardPages = async function* (from) {
      attempts++;
      let page = 0;
      for await (const rows of boardPages(from, 1000)) {
        yield rows;
        if (attempts === 1 && ++page === 1) await push("publish-between/pages");
      }
    };
    const before = await d1Board();
    const built = await consistentBoard(db, pages);
    expect(attempts).toBe(2);
    const after = await d1Board();
    expect(after.version).not.toBe(before.version);
    expect(built.version).toBe(after.version);
    const rows = boardRows(decodeSnapshot(built.bytes));
    expect(rows).toHaveLength(after.shown);
    expect(rows.filter((r) => r.model === "publish-between/pages")).toHaveLength(1);
    expect(rows).toEqual(await loadBoardRows(db));
  });

  it("a board that moves during every attempt fails the build after three, and nothing is published", async () => {
    const before = await d1Board();
    let attempts = 0;
    const pages: BoardPages = async function* (from) {
      attempts++;
      let first = true;
      for await (const rows of boardPages(from, 1000)) {
        yield rows;
        if (first) await bumpVersions(db, ["board"]);
        first = false;
      }
    };
    await expect(consistentBoard(db, pages)).rejects.toThrow("the board moved during 3 builds in a row");
    expect(attempts).toBe(3);
    expect((await d1Board()).published).toBe(before.published);
  });
});
