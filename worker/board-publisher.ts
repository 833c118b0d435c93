/**
 * The Durable Object that debounces board publishes (one object, named "board"): every write that moves the board
 * asks it; the first request after a quiet spell publishes at once, later ones within the interval leave one
 * alarm at its end, so a burst of changes publishes a handful of versions. Publishes run one at a time. A failed
 * one (D1 or KV) changes nothing that serves and is retried by an alarm, each retry waiting twice as long.
 */
import { DurableObject } from "cloudflare:workers";
import { kvSnapshots, type SnapshotStore } from "./adapters/snapshots";
import { database } from "./store/db";
import { type PublishReply, publishBoard } from "./use-cases/publish";

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 300_000;

/** The wait before retry number `failures` (1, 2, …): the interval (at least 1 s), doubled each time, within 5 min. */
export function retryDelayMs(failures: number, intervalMs: number): number {
  return Math.min(Math.max(intervalMs, MIN_RETRY_MS) * 2 ** (failures - 1), MAX_RETRY_MS);
}

export class BoardPublisher extends DurableObject<Env> {
  /** Where snapshots are written; a test swaps in one that fails. */
  snapshots: SnapshotStore;
  private running: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.snapshots = kvSnapshots(env.BOARD_SNAPSHOTS);
  }

  /** A write moved the board: publish now, or at the end of the interval since the last publish. */
  async request(intervalMs: number): Promise<PublishReply> {
    await this.ctx.storage.put("intervalMs", intervalMs);
    if ((await this.ctx.storage.getAlarm()) !== null) return { kind: "scheduled", published: null };
    return this.serially(async () => {
      const last = (await this.ctx.storage.get<number>("publishedAt")) ?? 0;
      const due = last + intervalMs;
      if (due > Date.now()) {
        await this.ctx.storage.setAlarm(due);
        return { kind: "scheduled", published: null };
      }
      return this.publish();
    });
  }

  override async alarm(): Promise<void> {
    await this.serially(() => this.publish());
  }

  // Between a publish's awaits other requests run: this keeps two publishes from building at once.
  private serially(work: () => Promise<PublishReply>): Promise<PublishReply> {
    const run = this.running.then(work);
    this.running = run.catch(() => undefined);
    return run;
  }

  private async publish(): Promise<PublishReply> {
    const storage = this.ctx.storage;
    try {
      const outcome = await publishBoard(database(this.env.DB), this.snapshots);
      // Only a real publish starts an interval: a check that found nothing new leaves the next change free to go.
      if (outcome.kind === "published") await storage.put("publishedAt", Date.now());
      await storage.put("failures", 0);
      return outcome;
    } catch {
      const failures = ((await storage.get<number>("failures")) ?? 0) + 1;
      const intervalMs = (await storage.get<number>("intervalMs")) ?? 0;
      await storage.put("failures", failures);
      await storage.setAlarm(Date.now() + retryDelayMs(failures, intervalMs));
      return { kind: "failed", published: null };
    }
  }
}
