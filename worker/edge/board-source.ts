/**
 * The published board at the edge: which board a request is served (the response cache keys views by its
 * version), and the publish requests, sent to the BoardPublisher Durable Object after the answer is sent.
 */
import type { Context } from "hono";
import { kvSnapshots, type SnapshotStore } from "../adapters/snapshots";
import { configOf } from "../config";
import { database } from "../store/db";
import type { VersionState } from "../store/version";
import { publishLags } from "../use-cases/publish";
import { boardHolder, type ServedBoard } from "../use-cases/published-board";
import type { AppEnv } from "./context";

const snapshotsOf = new WeakMap<KVNamespace, SnapshotStore>();

function snapshots(kv: KVNamespace): SnapshotStore {
  let store = snapshotsOf.get(kv);
  if (!store) {
    store = kvSnapshots(kv);
    snapshotsOf.set(kv, store);
  }
  return store;
}

/** The one publisher. */
export function publisherOf(env: Env) {
  return env.BOARD_PUBLISHER.getByName("board");
}

/** Asks for a publish; an unreachable publisher is left to the cron, which asks again while the board lags. */
function ask(env: Env, intervalMs: number): Promise<unknown> {
  return publisherOf(env)
    .request(intervalMs)
    .catch(() => undefined);
}

/** Runs `work` after the answer is sent, or before it where there is no execution context (plain tests). */
async function afterAnswer(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work;
  }
}

/**
 * A write moved the board: ask for a publish once the answer is sent. Call it after the write's batch succeeded.
 * With an interval of 0 (BOARD_PUBLISH_SECONDS, as the tests run) the publish happens before the write answers,
 * so whoever wrote reads the board with the write in it.
 */
export async function requestPublish(c: Context<AppEnv>): Promise<void> {
  const intervalMs = c.var.config.boardPublishMs;
  const work = ask(c.env, intervalMs);
  if (intervalMs === 0) await work;
  else await afterAnswer(c, work);
}

/** The board this isolate serves a request that read `state`. */
export function servedBoard(c: Context<AppEnv>, state: VersionState): Promise<ServedBoard> {
  return boardHolder.serve(
    {
      db: c.var.db,
      snapshots: snapshots(c.env.BOARD_SNAPSHOTS),
      publishNow: () => publisherOf(c.env).request(c.var.config.boardPublishMs),
    },
    state,
  );
}

/** The cron's safety net: a publish when the published board lags D1's (a lost request, a failed retry chain). */
export async function publishIfBehind(env: Env): Promise<void> {
  if (await publishLags(database(env.DB))) await ask(env, configOf(env).boardPublishMs);
}
