/**
 * The board an isolate serves: the published snapshot (one KV read per version, decoded once and held), never a
 * scan of D1. A fresh isolate that holds nothing and finds nothing it can read (a new deploy, a new format, a test
 * file's first request) asks the publisher to publish now and reads what it wrote, so all isolates share one build;
 * only when that fails (the publisher unreachable or in its interval, KV not yet showing the write) does it build
 * the board from D1 itself, once.
 *
 * KV is eventually consistent: an isolate that learns of a new version before its data center has the snapshot
 * keeps serving the board it holds, and asks KV again a few seconds later.
 */
import type { SnapshotStore } from "../adapters/snapshots";
import { type Board, decodeSnapshot } from "../domain/board/snapshot";
import type { Db } from "../store/db";
import type { PublishedBoard, VersionState } from "../store/version";
import { consistentBoard, type PublishReply, usablePublished } from "./publish";

export interface BoardSource {
  /** Read only by the fresh-isolate build. */
  db: Db;
  snapshots: SnapshotStore;
  /** Asks the publisher to publish now if it may; rejects when it cannot be reached. */
  publishNow(): Promise<PublishReply>;
}

/** A board with the version it was built from: what a view shows and what its cache key and header name. */
export interface ServedBoard {
  version: string;
  board: Board;
}

/** How long a snapshot KV did not have is not asked for again. */
const MISS_RETRY_MS = 5_000;
/** The boards held: the one served and the one before, for requests that began on it. */
const HELD = 2;

export class BoardHolder {
  private held: ServedBoard[] = [];
  private reads = new Map<string, Promise<ServedBoard | null>>();
  private missedAt = new Map<string, number>();
  private building: Promise<ServedBoard> | null = null;
  /** The record seen when this isolate last built from D1: its board is older than the built one. */
  private builtOver: string | null = null;

  /** The board of `version` when this isolate holds it. */
  board(version: string): Board | undefined {
    return this.held.find((h) => h.version === version)?.board;
  }

  /**
   * What serving `state` takes: a KV read of the published board first (when this isolate does not hold it and
   * KV did not just miss it), else the board held, else a build.
   */
  private plan(state: VersionState, now: number) {
    const newest = this.held[0];
    const published = usablePublished(state.published);
    const wanted = published && published.version !== this.builtOver ? published : null;
    const missed = wanted ? this.missedAt.get(wanted.key) : undefined;
    const read =
      wanted && newest?.version !== wanted.version && (missed === undefined || now - missed >= MISS_RETRY_MS)
        ? wanted
        : null;
    // With nothing published, a board built here serves only while D1's board is still the one it was built from.
    const held = newest && (published || newest.version === state.versions.board) ? newest : null;
    return { read, held, published };
  }

  /** The version `serve` would answer for `state` without reading anything (the front door answers only then). */
  servedWithoutReading(state: VersionState, now = Date.now()): string | null {
    const { read, held } = this.plan(state, now);
    return read ? null : (held?.version ?? null);
  }

  /** The board to serve a request that read `state`. */
  async serve(source: BoardSource, state: VersionState, now = Date.now()): Promise<ServedBoard> {
    const { read, held, published } = this.plan(state, now);
    const fetched = read ? await this.read(source, read, now) : null;
    return fetched ?? held ?? this.build(source, published, now);
  }

  private read(source: BoardSource, published: PublishedBoard, now: number): Promise<ServedBoard | null> {
    let read = this.reads.get(published.key);
    if (!read) {
      read = this.fetch(source, published, now).finally(() => this.reads.delete(published.key));
      this.reads.set(published.key, read);
    }
    return read;
  }

  private async fetch(source: BoardSource, published: PublishedBoard, now: number): Promise<ServedBoard | null> {
    // A KV failure counts as a miss: the held board keeps serving.
    const bytes = await source.snapshots.read(published.key).catch(() => null);
    if (bytes === null) {
      this.missedAt.set(published.key, now);
      return null;
    }
    this.missedAt.delete(published.key);
    const served = { version: published.version, board: decodeSnapshot(bytes) };
    this.hold(served);
    this.builtOver = null;
    return served;
  }

  private build(source: BoardSource, published: PublishedBoard | null, now: number): Promise<ServedBoard> {
    if (!this.building) {
      this.building = (async () => {
        const reply = await source.publishNow().catch(() => null);
        const fresh = reply?.published ? await this.read(source, reply.published, now) : null;
        if (fresh) return fresh;
        const { version, bytes } = await consistentBoard(source.db);
        // The snapshot's own bytes, so the fallback holds exactly the form a published board has.
        const served = { version, board: decodeSnapshot(bytes) };
        this.hold(served);
        this.builtOver = published?.version ?? null;
        return served;
      })().finally(() => {
        this.building = null;
      });
    }
    return this.building;
  }

  private hold(served: ServedBoard): void {
    this.held = [served, ...this.held.filter((h) => h.version !== served.version)].slice(0, HELD);
  }
}

/** The isolate's holder. */
export const boardHolder = new BoardHolder();
