/**
 * The response cache, for every cached answer: the isolate's memory of the hottest answers (./hot-memory.ts) in
 * front of the Cache API, keyed by the deployed code's version, the versions of the read models the answer shows
 * (store/version.ts) and the answer's canonical path, so an entry is never stale, only unused; ETags and 304s.
 * Two kinds of answer use it:
 * - views (`cachedRead`: the API's reads, exports, pages, the feed, the document): the route declares the read
 *   models that key it and the query parameters it reads; the ETag is those versions, the deployed version and
 *   the URL with only the declared parameters, so If-None-Match answers 304 without touching content, a repeated
 *   view costs at most one tiny version query a second and no content query, and a parameter the route ignores
 *   never mints an entry. Views read through a D1 session (./read-session.ts).
 * - badges (`cachedBadge`): keyed by their validated query, with a strong ETag of the body and their own
 *   Cache-Control (shields' rules), stored as rendered.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { sha256Hex } from "../domain/encoding";
import { type ReadModel, recentState, type Versions } from "../store/version";
import { servedBoard } from "./board-source";
import type { AppEnv } from "./context";
import { answeredFromMemory } from "./front-door";
import { recalled, remember } from "./hot-memory";
import { readSession } from "./read-session";

/** True when an If-None-Match value lists `etag` or `*`, compared weakly (W/ ignored) as RFC 9110 asks. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === wanted);
}

/** Finishes `work` after the response is sent, or before it where there is no execution context (plain tests). */
async function later(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work;
  }
}

// The DOM lib that some dev dependency pulls into the type check hides workers-types' `caches.default`.
const sharedCache = () => (caches as unknown as { default: Cache }).default;

/** The read models' versions, named: `board=…, queue=…` (empty for an answer of no data). */
interface Keyed {
  versions: Array<{ model: ReadModel; version: string }>;
  named: string;
}

async function versionsOf(
  c: Context<AppEnv>,
  keyedBy: readonly ReadModel[],
  fresh: boolean,
  maxAgeMs?: number,
): Promise<Keyed> {
  // A view of no data reads no version.
  const state = keyedBy.length ? await recentState(c.var.db, fresh, maxAgeMs) : null;
  // A board view is keyed by the board it is rendered from, the published one this isolate serves, which may be
  // behind D1's version for a few seconds: a cached answer never claims a version it does not show.
  const board = state && keyedBy.includes("board") ? (await servedBoard(c, state)).version : undefined;
  const versions = keyedBy.map((model) => ({
    model,
    version: (model === "board" ? board : state?.versions[model]) ?? "0",
  }));
  return { versions, named: versions.map((v) => `${v.model}=${v.version}`).join(", ") };
}

/** The Cache API key of an answer: under the deployed version and the read models' versions. */
function entryKey(c: Context<AppEnv>, keyed: Keyed, path: string): Request {
  const deployed = encodeURIComponent(c.var.config.deployedVersion);
  const origin = new URL(c.req.url).origin;
  return new Request(`${origin}/__podium_cache/${deployed}/${encodeURIComponent(keyed.named || "static")}${path}`);
}

/** The answer stored under `key`: from the isolate's memory, else from the Cache API (then remembered). */
async function lookup(c: Context<AppEnv>, key: Request): Promise<{ hit: Response; inMemory: boolean } | null> {
  const inMemory = recalled(key.url);
  if (inMemory) return { hit: inMemory, inMemory: true };
  const hit = await sharedCache().match(key);
  if (!hit) return null;
  await later(c, remember(key.url, hit.clone()));
  return { hit, inMemory: false };
}

/** Stores `response` under `key`, in memory and in the Cache API, after the answer is sent. */
async function keep(c: Context<AppEnv>, key: Request, response: Response): Promise<void> {
  await later(c, Promise.all([remember(key.url, response.clone()), sharedCache().put(key, response)]));
}

/** The board version an answer shows (the published board it was rendered from). */
export const BOARD_VERSION_HEADER = "Podium-Board-Version";

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

export interface CacheOptions {
  /** The read models whose versions key this view: exactly those whose writes can change it; [] for no data. */
  keyedBy: readonly ReadModel[];
  /** The query parameters the route reads; any other is left out of the key (the route ignores it). */
  parameters: readonly string[];
  /** Seconds a browser may reuse a response without asking; 0 (default) revalidates every time via ETag. */
  maxAge?: number;
  /** The URL names the version it shows and never shows another: a year's lifetime, never revalidated. */
  immutable?: boolean;
  /**
   * For pages that show something of the visitor (e.g. their sign-in state): a key of what they see (a user id),
   * or null for an anonymous visitor. A non-null key goes into the ETag, makes the response `private`, and keeps
   * it out of the shared Cache API.
   */
  personal?: (c: Context<AppEnv>) => string | null;
}

const boardVersionHeaders = z.object({
  [BOARD_VERSION_HEADER]: z.string().openapi({
    description:
      "The version of the published board this answer shows (it can trail the newest write by a few seconds: the board is published at most every `BOARD_PUBLISH_SECONDS`)",
    example: "mi3k2x1a-5f3c9e1d",
  }),
});

/**
 * An OpenAPI route config with `cachedRead` in front (and, for a board view, its `Podium-Board-Version` header),
 * taking the known parameters from the route's own query schema: adding a parameter to the schema is all it takes
 * for it to key the cache.
 */
export function cachedRoute<R extends RouteConfig>(
  keyedBy: readonly ReadModel[],
  route: R,
  options: Omit<CacheOptions, "keyedBy" | "parameters"> = {},
) {
  const query = route.request?.query;
  const parameters = query instanceof z.ZodObject ? Object.keys(query.shape) : [];
  const ok = route.responses[200];
  const responses =
    keyedBy.includes("board") && ok && !("$ref" in ok)
      ? { ...route.responses, 200: { ...ok, headers: ok.headers ?? boardVersionHeaders } }
      : route.responses;
  return { ...route, responses, middleware: cachedRead({ ...options, keyedBy, parameters }) };
}

/** Middleware for GET/HEAD views whose answer depends only on the URL and the data. */
export function cachedRead(options: CacheOptions): MiddlewareHandler<AppEnv> {
  const maxAge = options.maxAge ?? 0;
  const parameters = new Set(options.parameters);
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const session = readSession(c);
    // One carrying a bookmark reads the versions afresh, to see what its bookmark saw.
    const keyed = await versionsOf(c, options.keyedBy, session.continued);
    keyedVersions.set(c.req.raw, Object.fromEntries(keyed.versions.map((v) => [v.model, v.version])));
    const board = keyed.versions.find((v) => v.model === "board")?.version;

    const person = options.personal?.(c) ?? null;
    const path = normalizedUrl(new URL(c.req.url), parameters);
    const fingerprint = `${c.var.config.deployedVersion}|${keyed.named}|${path}${person === null ? "" : `#${person}`}`;
    const hash = (await sha256Hex(fingerprint)).slice(0, 24);
    const etag = `W/"${keyed.versions.map((v) => `${v.version}.`).join("")}${hash}"`;
    const cacheControl = options.immutable
      ? "public, max-age=31536000, immutable"
      : `${person === null ? "public" : "private"}, max-age=${maxAge}, must-revalidate`;
    const common = (headers: Headers, state: "hit" | "miss" | "revalidated") => {
      headers.set("etag", etag);
      headers.set("cache-control", cacheControl);
      headers.set("x-podium-cache", state);
      if (keyed.named) headers.set("x-podium-version", keyed.named);
      if (board !== undefined) headers.set(BOARD_VERSION_HEADER, board);
      session.bookmarkInto(headers);
    };

    if (ifNoneMatchHits(c.req.header("if-none-match"), etag)) {
      const headers = new Headers();
      common(headers, "revalidated");
      return new Response(null, { status: 304, headers });
    }

    // An empty read model ("0") is shared by every fresh test file and deployment: never cache under it.
    const shared = person === null && !keyed.versions.some((v) => v.version === "0");
    const key = entryKey(c, keyed, path);
    const found = shared ? await lookup(c, key) : null;
    if (found) {
      const { hit } = found;
      const response = new Response(c.req.method === "HEAD" ? null : hit.body, hit);
      common(response.headers, "hit");
      if (found.inMemory) {
        answeredFromMemory(c.req.raw, {
          memoryKey: key.url,
          keyedBy: options.keyedBy,
          named: keyed.named,
          readSession: true,
        });
      }
      return response;
    }

    await next();
    if (c.res.status !== 200) return;
    // Hono's own responses have mutable headers; c.res is not replaced, as its setter re-reads the body.
    common(c.res.headers, "miss");
    // A response that sets a cookie belongs to one visitor: never into the shared cache. One the runtime encodes
    // (Content-Encoding) comes back from the Cache API encoded, and would be encoded again on the way out.
    const encoded = c.res.headers.has("content-encoding");
    if (shared && c.req.method === "GET" && !c.res.headers.has("set-cookie") && !encoded) {
      const stored = c.res.clone();
      // The key carries the version, so the stored copy can live long; a new version never reads it.
      stored.headers.set("cache-control", "public, max-age=86400");
      stored.headers.delete("x-d1-bookmark");
      await keep(c, key, stored);
    }
  };
}

/** A rendered badge: its body and the headers it is served (and stored) with, its ETag among them. */
export interface Rendered {
  body: string;
  headers: Headers;
}

/** A strong ETag of a body: what a badge says, whatever its URL. */
export async function contentEtag(body: string): Promise<string> {
  return `"${(await sha256Hex(body)).slice(0, 32)}"`;
}

/** The answer itself, or a bodiless 304 carrying the same headers when the client already has it. */
export function conditional(c: Context<AppEnv>, rendered: Rendered, status: 200 | 400): Response {
  const headers = new Headers(rendered.headers);
  if (status === 200 && ifNoneMatchHits(c.req.header("If-None-Match"), headers.get("ETag") ?? "")) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  return new Response(rendered.body, { status, headers });
}

/**
 * How old the board version a badge is keyed by may be: a warm isolate answers badges from its memory with no D1
 * read for this long. A write in this isolate shows at once; one in another isolate shows in its badges within
 * this bound, well inside the five minutes that browsers and shields already reuse a badge (BADGE_CACHE_SECONDS).
 */
export const BADGE_VERSION_MAX_AGE_MS = 60_000;

/**
 * A badge, from the cache under the board's version and `path` (the canonical badge request: the route builds it
 * from its validated query, so an undeclared parameter never mints an entry), else rendered and stored as is.
 */
export async function cachedBadge(
  c: Context<AppEnv>,
  path: string,
  render: () => Promise<Rendered>,
): Promise<Response> {
  const keyedBy: ReadModel[] = ["board"];
  const keyed = await versionsOf(c, keyedBy, false, BADGE_VERSION_MAX_AGE_MS);
  // A badge that reads the compact board (a rank range) loads it for the version it is keyed by.
  keyedVersions.set(c.req.raw, Object.fromEntries(keyed.versions.map((v) => [v.model, v.version])));
  const key = entryKey(c, keyed, path);
  const found = await lookup(c, key);
  if (found) {
    if (found.inMemory) {
      const maxAgeMs = BADGE_VERSION_MAX_AGE_MS;
      answeredFromMemory(c.req.raw, { memoryKey: key.url, keyedBy, named: keyed.named, maxAgeMs, readSession: false });
    }
    return conditional(c, { body: await found.hit.text(), headers: found.hit.headers }, 200);
  }
  const rendered = await render();
  await keep(c, key, new Response(rendered.body, { headers: rendered.headers }));
  return conditional(c, rendered, 200);
}
