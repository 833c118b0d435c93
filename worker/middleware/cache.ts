/**
 * Caching for public reads, in one place so API, export and page routes share it:
 * - reads go through a D1 session (read replicas); a client's `x-d1-bookmark` header continues its session,
 *   and the response returns the session's bookmark in the same header;
 * - each route declares the read models whose versions key it (store/version.ts; none for views of no data) and
 *   the query parameters it reads: the ETag is those versions, the deployed code's version and the URL with only
 *   the declared parameters, so If-None-Match answers 304 without touching content, and the Cache API (fronted by
 *   the isolate's memory of the hottest answers, middleware/hot-responses.ts) holds each 200 under the same key,
 *   so a repeated view costs at most one tiny version query a second and no content query; a deploy or a write to
 *   one of its models moves the key on, and a parameter the route ignores never mints an entry of its own.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { database } from "../store/db";
import { ifNoneMatchHits } from "../domain/etag";
import { sha256Hex } from "../domain/signatures";
import { recentVersions, type ReadModel, type Versions } from "../store/version";
import { recalled, remember } from "./hot-responses";

// D1 bookmarks are four hex fields; anything else is ignored rather than handed to D1 (which would refuse it).
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;

function readBookmark(header: string | undefined): string | null {
  return header && BOOKMARK.test(header) ? header : null;
}

const keyedVersions = new WeakMap<Request, Partial<Versions>>();

/** The version of `model` the cache middleware keyed this request by (it must run before the route, keyed by it). */
export function requestVersion(c: Context<AppEnv>, model: ReadModel): string {
  const version = keyedVersions.get(c.req.raw)?.[model];
  if (version === undefined) throw new Error(`cachedRead middleware keyed by ${model} did not run for this route`);
  return version;
}

/**
 * The path and the declared query parameters (every value, in order), sorted by name: equivalent URLs share a
 * cache entry and an ETag, and parameters the route does not read are dropped rather than keyed.
 */
function normalizedUrl(url: URL, parameters: ReadonlySet<string>): string {
  const params = [...url.searchParams.entries()]
    .filter(([name]) => parameters.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}

/** The deployed code's version id: every cache key carries it, so a deploy never serves the last one's answers. */
export function deployedVersion(env: Env): string {
  // Optional: the binding is absent where the Worker runs without wrangler's config (e.g. a bare Miniflare).
  return (env.CF_VERSION_METADATA as WorkerVersionMetadata | undefined)?.id ?? "dev";
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
  /** The read models whose versions key this view: exactly those whose writes can change it; [] for no data. */
  keyedBy: readonly ReadModel[];
  /** The query parameters the route reads; any other is left out of the key (the route ignores it). */
  parameters: readonly string[];
  /** Seconds a browser may reuse a response without asking; 0 (default) revalidates every time via ETag. */
  maxAge?: number;
  /**
   * For pages that show something of the visitor (e.g. their sign-in state): a key of what they see (a user id),
   * or null for an anonymous visitor. A non-null key goes into the ETag, makes the response `private`, and keeps
   * it out of the shared Cache API.
   */
  personal?: (c: Context<AppEnv>) => string | null;
}

/**
 * An OpenAPI route config with `cachedRead` in front, taking the known parameters from the route's own query
 * schema: adding a parameter to the schema is all it takes for it to key the cache.
 */
export function cachedRoute<R extends RouteConfig>(
  keyedBy: readonly ReadModel[],
  route: R,
  options: Omit<CacheOptions, "keyedBy" | "parameters"> = {},
) {
  const query = route.request?.query;
  const parameters = query instanceof z.ZodObject ? Object.keys(query.shape) : [];
  return { ...route, middleware: cachedRead({ ...options, keyedBy, parameters }) };
}

/** Middleware for GET/HEAD routes whose answer depends only on the URL and the data. */
export function cachedRead(options: CacheOptions): MiddlewareHandler<AppEnv> {
  const maxAge = options.maxAge ?? 0;
  const parameters = new Set(options.parameters);
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const bookmark = readBookmark(c.req.header("x-d1-bookmark"));
    const session = c.env.DB.withSession(bookmark ?? "first-unconstrained");
    const db = database(session);
    c.set("db", db);
    // A view of no data reads no version; one carrying a bookmark reads them afresh, to see what its bookmark saw.
    const all = options.keyedBy.length ? await recentVersions(db, bookmark !== null) : null;
    const versions = options.keyedBy.map((model) => ({ model, version: all?.[model] ?? "0" }));
    keyedVersions.set(c.req.raw, Object.fromEntries(versions.map((v) => [v.model, v.version])));

    const deployed = deployedVersion(c.env);
    const url = new URL(c.req.url);
    const person = options.personal?.(c) ?? null;
    const key = normalizedUrl(url, parameters);
    const named = versions.map((v) => `${v.model}=${v.version}`).join(", ");
    const hash = (await sha256Hex(`${deployed}|${named}|${key}${person === null ? "" : `#${person}`}`)).slice(0, 24);
    const etag = `W/"${versions.map((v) => `${v.version}.`).join("")}${hash}"`;
    const cacheControl = `${person === null ? "public" : "private"}, max-age=${maxAge}, must-revalidate`;
    const common = (headers: Headers, state: "hit" | "miss" | "revalidated") => {
      headers.set("etag", etag);
      headers.set("cache-control", cacheControl);
      headers.set("x-podium-cache", state);
      if (named) headers.set("x-podium-version", named);
      const next = session.getBookmark();
      if (next) headers.set("x-d1-bookmark", next);
    };

    if (ifNoneMatchHits(c.req.header("if-none-match"), etag)) {
      const headers = new Headers();
      common(headers, "revalidated");
      return new Response(null, { status: 304, headers });
    }

    // An empty read model ("0") is shared by every fresh test file and deployment: never cache under it.
    const empty = versions.some((v) => v.version === "0");
    const cache = empty || person !== null ? null : (caches as unknown as { default: Cache }).default;
    const cacheKey = new Request(
      `${url.origin}/__podium_cache/${encodeURIComponent(deployed)}/${encodeURIComponent(named || "static")}${key}`,
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
