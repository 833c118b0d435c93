/**
 * Caching for public reads, in one place so API, export and page routes share it:
 * - reads go through a D1 session (read replicas); a client's `x-d1-bookmark` header continues its session,
 *   and the response returns the session's bookmark in the same header;
 * - the data version (store/version.ts) and the deployed code's version key everything: the ETag is both plus the
 *   normalized URL, so If-None-Match answers 304 without touching content, and the Cache API (fronted by the
 *   isolate's memory of the hottest answers, middleware/hot-responses.ts) holds each 200 under them + URL, so a
 *   repeated view costs at most one tiny version query a second and no content query; a deploy or a write moves
 *   every key on.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { database, type Db } from "../store/db";
import { ifNoneMatchHits } from "../domain/etag";
import { sha256Hex } from "../domain/signatures";
import { recentDataVersion } from "../store/version";
import { recalled, remember } from "./hot-responses";

// D1 bookmarks are four hex fields; anything else is ignored rather than handed to D1 (which would refuse it).
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;

function readBookmark(header: string | undefined): string | null {
  return header && BOOKMARK.test(header) ? header : null;
}

const versions = new WeakMap<Request, string>();

/** The data version the cache middleware read for this request (it must run before the route). */
export function requestVersion(c: Context<AppEnv>): string {
  const version = versions.get(c.req.raw);
  if (version === undefined) throw new Error("cachedRead middleware did not run for this route");
  return version;
}

/** The URL with its query parameters sorted, so equivalent URLs share a cache entry and an ETag. */
function normalizedUrl(url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}

/** Finishes `work` after the response is sent, or before it where there is no execution context (plain tests). */
async function later(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work;
  }
}

export interface CacheOptions {
  /** Seconds a browser may reuse a response without asking; 0 (default) revalidates every time via ETag. */
  maxAge?: number;
  /**
   * For pages that show something of the visitor (e.g. their sign-in state): a key of what they see (a user id),
   * or null for an anonymous visitor. A non-null key goes into the ETag, makes the response `private`, and keeps
   * it out of the shared Cache API.
   */
  personal?: (c: Context<AppEnv>) => string | null;
}

/** Middleware for GET/HEAD routes whose answer depends only on the URL and the data. */
export function cachedRead(options: CacheOptions = {}): MiddlewareHandler<AppEnv> {
  const maxAge = options.maxAge ?? 0;
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const bookmark = readBookmark(c.req.header("x-d1-bookmark"));
    const session = c.env.DB.withSession(bookmark ?? "first-unconstrained");
    const db = database(session);
    c.set("db", db);
    // A request carrying a bookmark reads the version afresh, so it sees at least what its bookmark saw.
    const version = await recentDataVersion(db, bookmark !== null);
    versions.set(c.req.raw, version);

    // Optional: the binding is absent where the Worker runs without wrangler's config (e.g. a bare Miniflare).
    const deployed = (c.env.CF_VERSION_METADATA as WorkerVersionMetadata | undefined)?.id ?? "dev";
    const url = new URL(c.req.url);
    const person = options.personal?.(c) ?? null;
    const key = normalizedUrl(url);
    const etag = `W/"${version}.${(await sha256Hex(`${deployed}|${key}${person === null ? "" : `#${person}`}`)).slice(0, 24)}"`;
    const cacheControl = `${person === null ? "public" : "private"}, max-age=${maxAge}, must-revalidate`;
    const common = (headers: Headers, state: "hit" | "miss" | "revalidated") => {
      headers.set("etag", etag);
      headers.set("cache-control", cacheControl);
      headers.set("x-podium-cache", state);
      headers.set("x-podium-version", version);
      const next = session.getBookmark();
      if (next) headers.set("x-d1-bookmark", next);
    };

    if (ifNoneMatchHits(c.req.header("if-none-match"), etag)) {
      const headers = new Headers();
      common(headers, "revalidated");
      return new Response(null, { status: 304, headers });
    }

    // The empty database ("0") is shared by every fresh test file and deployment: never cache under it.
    const cache = version === "0" || person !== null ? null : (caches as unknown as { default: Cache }).default;
    const cacheKey = new Request(
      `${url.origin}/__podium_cache/${encodeURIComponent(deployed)}/${encodeURIComponent(version)}${key}`,
    );
    const inMemory = cache ? recalled(cacheKey.url) : null;
    const hit = inMemory ?? (await cache?.match(cacheKey));
    if (hit) {
      if (!inMemory) await later(c, remember(cacheKey.url, hit.clone()));
      const response = new Response(c.req.method === "HEAD" ? null : hit.body, hit);
      common(response.headers, "hit");
      return response;
    }

    await next();
    if (c.res.status !== 200) return;
    // Hono's own responses have mutable headers; c.res is not replaced, as its setter re-reads the body.
    common(c.res.headers, "miss");
    // A response that sets a cookie belongs to one visitor: never into the shared cache.
    if (cache && c.req.method === "GET" && !c.res.headers.has("set-cookie")) {
      const stored = c.res.clone();
      // The key carries the version, so the stored copy can live long; a new version never reads it.
      stored.headers.set("cache-control", "public, max-age=86400");
      stored.headers.delete("x-d1-bookmark");
      await later(c, Promise.all([remember(cacheKey.url, stored.clone()), cache.put(cacheKey, stored)]));
    }
  };
}
