/**
 * Ranking badges: `/badge/{org}/{name}.svg` (and `.json`, a shields.io endpoint document), also for legacy ids
 * without an org (`/badge/gpt2.svg`). Never a broken image: an unknown or unranked model gets a grey
 * "not ranked" badge with a short cache, a bad parameter a red 400 badge naming it. Responses are served from
 * the isolate's memory of hot answers and the Cache API under the data version (remembered for 1 s per isolate), so
 * a repeat view costs at most one small D1 read a second and a new evaluation shows within one cache period.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { createRouter } from "../context";
import { BADGE_STYLES, renderBadge, type BadgeSpec } from "../domain/badge";
import {
  BADGE_METRICS,
  badgeContent,
  invalidParameterContent,
  rankedBy,
  shieldsEndpoint,
} from "../domain/badge-content";
import { ifNoneMatchHits } from "../domain/etag";
import { sha256Hex } from "../domain/signatures";
import { PRECISIONS } from "../domain/vocabulary";
import { PodiumError } from "../errors";
import { recalled, remember } from "../middleware/hot-responses";
import { modelStanding } from "../store/standings";
import { recentDataVersion } from "../store/version";

const RANKED_CACHE = "public, max-age=300, s-maxage=300, stale-while-revalidate=86400";
const UNRANKED_CACHE = "public, max-age=60, s-maxage=60";
const ERROR_CACHE = "no-cache";
const CACHE_SECONDS = 300;
const MAX_LABEL = 64;

const badgeQuery = z.object({
  metric: z.enum(BADGE_METRICS).default("rank").openapi({ description: "What the badge shows" }),
  style: z.enum(BADGE_STYLES).default("flat").openapi({ description: "shields.io style" }),
  label: z.string().max(MAX_LABEL).optional().openapi({ description: "Replaces the default label" }),
  precision: z.enum(PRECISIONS).optional().openapi({ description: "Which evaluation when a model has several" }),
});
type BadgeQuery = z.infer<typeof badgeQuery>;

const file = z
  .string()
  .regex(/^.+\.(svg|json)$/)
  .openapi({ description: "The model name followed by .svg or .json", example: "calme-3.2-instruct-78b.svg" });

const responses = {
  200: { description: "The badge (SVG, or a shields.io endpoint document for .json)" },
  304: { description: "Unchanged since the ETag in If-None-Match" },
  400: { description: "A red badge naming the invalid parameter" },
};

const withOrg = createRoute({
  method: "get",
  path: "/badge/{org}/{file}",
  request: { params: z.object({ org: z.string().min(1), file }), query: badgeQuery },
  responses,
});

const legacy = createRoute({
  method: "get",
  path: "/badge/{file}",
  request: { params: z.object({ file }), query: badgeQuery },
  responses,
});

type Format = "svg" | "json";

function split(name: string): { base: string; format: Format } {
  const format: Format = name.endsWith(".json") ? "json" : "svg";
  return { base: name.slice(0, -(format.length + 1)), format };
}

/** Per-route validation hook: a bad query parameter becomes a red badge in the requested format. */
function refuse(
  result: { success: boolean; target: string; error?: { issues: ReadonlyArray<{ path: PropertyKey[] }> } },
  c: Context<AppEnv>,
) {
  if (result.success) return;
  if (result.target !== "query") throw new PodiumError("not_found", "No such badge: badge URLs end in .svg or .json");
  const parameter = String(result.error?.issues[0]?.path[0] ?? "parameter");
  const { format } = split(c.req.path);
  const spec: BadgeSpec = { ...invalidParameterContent(parameter), style: "flat" };
  return send(c, render(spec, format, true), format, ERROR_CACHE, 400);
}

function render(spec: BadgeSpec, format: Format, isError = false): string {
  return format === "svg" ? renderBadge(spec) : JSON.stringify(shieldsEndpoint(spec, CACHE_SECONDS, isError));
}

async function etagOf(body: string): Promise<string> {
  return `"${(await sha256Hex(body)).slice(0, 32)}"`;
}

function headersFor(format: Format, cacheControl: string, etag: string): Headers {
  return new Headers({
    "Content-Type": format === "svg" ? "image/svg+xml; charset=utf-8" : "application/json; charset=utf-8",
    "Cache-Control": cacheControl,
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
}

/** The response itself, or a bodiless 304 carrying the same headers when the client already has it. */
function conditional(c: Context<AppEnv>, body: string, headers: Headers, status: 200 | 400): Response {
  if (status === 200 && ifNoneMatchHits(c.req.header("If-None-Match"), headers.get("ETag") ?? "")) {
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status, headers });
}

async function send(c: Context<AppEnv>, body: string, format: Format, cacheControl: string, status: 200 | 400) {
  return conditional(c, body, headersFor(format, cacheControl, await etagOf(body)), status);
}

/** The Cache API key: the canonical badge request under the current data version. */
function cacheKey(url: string, version: string, modelId: string, format: Format, query: BadgeQuery): Request {
  const canonical = new URLSearchParams({ metric: query.metric, style: query.style });
  if (query.label !== undefined) canonical.set("label", query.label);
  if (query.precision) canonical.set("precision", query.precision);
  const origin = new URL(url).origin;
  // Model ids are case-insensitive: every spelling of one model shares an entry, so spellings cannot flood it.
  return new Request(
    `${origin}/badge-cache/${encodeURIComponent(version)}/${encodeURIComponent(modelId.toLowerCase())}.${format}?${canonical}`,
  );
}

async function serve(c: Context<AppEnv>, modelId: string, format: Format, query: BadgeQuery): Promise<Response> {
  const key = cacheKey(c.req.url, await recentDataVersion(c.var.db), modelId, format, query);
  // The DOM lib that some dev dependency pulls into the type check hides workers-types' `caches.default`.
  const cache = (caches as unknown as { default: Cache }).default;
  const inMemory = recalled(key.url);
  const hit = inMemory ?? (await cache.match(key));
  if (hit) {
    if (!inMemory) c.executionCtx.waitUntil(remember(key.url, hit.clone()));
    const body = await hit.text();
    return conditional(c, body, new Headers(hit.headers), 200);
  }

  const standing = await modelStanding(c.var.db, modelId, rankedBy(query.metric), query.precision);
  const content = badgeContent(query.metric, standing, query.label);
  const ranked = content.color !== "lightgrey";
  const body = render({ ...content, style: query.style }, format);
  const headers = headersFor(format, ranked ? RANKED_CACHE : UNRANKED_CACHE, await etagOf(body));
  c.executionCtx.waitUntil(
    Promise.all([remember(key.url, new Response(body, { headers })), cache.put(key, new Response(body, { headers }))]),
  );
  return conditional(c, body, new Headers(headers), 200);
}

export const badges = createRouter()
  .openapi(
    withOrg,
    (c) => {
      const { org, file: name } = c.req.valid("param");
      const { base, format } = split(name);
      return serve(c, `${org}/${base}`, format, c.req.valid("query"));
    },
    refuse,
  )
  .openapi(
    legacy,
    (c) => {
      const { base, format } = split(c.req.valid("param").file);
      return serve(c, base, format, c.req.valid("query"));
    },
    refuse,
  );
