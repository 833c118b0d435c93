/**
 * Ranking badges: `/badge/{org}/{name}.svg` (and `.json`, a shields.io endpoint document), also for legacy ids
 * without an org (`/badge/gpt2.svg`). Never a broken image: an unknown or unranked model gets a grey
 * "not ranked" badge with a short cache, a bad parameter a red 400 badge naming it. The shields parameters
 * people already put in badge URLs work as on shields: `color` and `labelColor` (ignored on a not-ranked badge,
 * as shields ignores them on errors), `logo` and `logoColor`, and `cacheSeconds`, which only ever lengthens the
 * cache. Responses are served from the isolate's memory of hot answers and the Cache API under the board version
 * (remembered for 1 s per isolate), so a repeat view costs at most one small D1 read a second and a new
 * evaluation shows within one cache period; votes and queue changes never move it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { createRouter } from "../context";
import { BADGE_STYLES, renderBadge, type BadgeSpec } from "../domain/badge";
import { normalizeColor } from "../domain/badge-colors";
import { BADGE_LOGOS } from "../domain/badge-logos";
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
import { deployedVersion } from "../middleware/cache";
import { recalled, remember } from "../middleware/hot-responses";
import { modelStanding } from "../store/standings";
import { recentVersions } from "../store/version";

const UNRANKED_CACHE = "public, max-age=60, s-maxage=60";
const ERROR_CACHE = "no-cache";
const CACHE_SECONDS = 300;
// A day: long enough for any README, short enough that GitHub's Camo shows a new standing the next day.
const MAX_CACHE_SECONDS = 86_400;
const MAX_LABEL = 64;
const MAX_COLOR = 64;

const colorParameter = (description: string) =>
  z
    .string()
    .max(MAX_COLOR)
    .refine((value) => normalizeColor(value) !== undefined)
    .optional()
    .openapi({ description, example: "blue" });

const badgeQuery = z.object({
  metric: z.enum(BADGE_METRICS).default("rank").openapi({ description: "What the badge shows" }),
  style: z.enum(BADGE_STYLES).default("flat").openapi({ description: "shields.io style" }),
  label: z.string().max(MAX_LABEL).optional().openapi({ description: "Replaces the default label" }),
  precision: z.enum(PRECISIONS).optional().openapi({ description: "Which evaluation when a model has several" }),
  color: colorParameter(
    "The message side's colour instead of the standing's: a shields named colour (brightgreen, green, yellowgreen, " +
      "yellow, orange, red, blue, lightgrey, grey/gray, success, important, critical, informational, inactive), hex " +
      "(abc or aabbcc, with or without #) or a CSS colour (a keyword, rgb(), rgba(), hsl(), hsla()). Not applied " +
      "to a not-ranked badge.",
  ),
  labelColor: colorParameter("The label side's colour (default grey), in the forms `color` takes"),
  logo: z.enum(BADGE_LOGOS).optional().openapi({ description: "A built-in logo, by its simple-icons name" }),
  logoColor: colorParameter("The logo's colour instead of the brand's, in the forms `color` takes"),
  cacheSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({
      type: "integer",
      minimum: 0,
      description: `Seconds caches may keep a ranked badge: at least ${CACHE_SECONDS} (the default), at most ${MAX_CACHE_SECONDS}`,
      example: 3600,
    }),
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
  const spec: BadgeSpec = {
    ...invalidParameterContent(parameter, parameter === "logo" ? BADGE_LOGOS : undefined),
    style: "flat",
  };
  return send(c, render(spec, format, CACHE_SECONDS, true), format, ERROR_CACHE, 400);
}

function render(spec: BadgeSpec, format: Format, cacheSeconds: number, isError = false): string {
  return format === "svg" ? renderBadge(spec) : JSON.stringify(shieldsEndpoint(spec, cacheSeconds, isError));
}

/** How long a ranked badge may be cached: the default, raised by `cacheSeconds` up to a day, as shields does. */
function rankedSeconds(query: BadgeQuery): number {
  return Math.min(Math.max(query.cacheSeconds ?? 0, CACHE_SECONDS), MAX_CACHE_SECONDS);
}

function rankedCache(seconds: number): string {
  return `public, max-age=${seconds}, s-maxage=${seconds}, stale-while-revalidate=86400`;
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

/**
 * The Cache API key: the canonical badge request under the deployed code's and the board's versions. It is built
 * from the validated query, which holds exactly the parameters the route declares (defaults filled in), so an
 * undeclared parameter never mints an entry and a newly declared one keys it with no change here. Model ids are
 * case-insensitive: every spelling of one model shares an entry, so spellings cannot flood it.
 */
function cacheKey(c: Context<AppEnv>, version: string, modelId: string, format: Format, query: BadgeQuery): Request {
  const declared = Object.entries(query).filter(([, value]) => value !== undefined);
  const canonical = new URLSearchParams(declared.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)]));
  const origin = new URL(c.req.url).origin;
  const versions = `${encodeURIComponent(deployedVersion(c.env))}/${encodeURIComponent(version)}`;
  return new Request(
    `${origin}/badge-cache/${versions}/${encodeURIComponent(modelId.toLowerCase())}.${format}?${canonical}`,
  );
}

async function serve(c: Context<AppEnv>, modelId: string, format: Format, query: BadgeQuery): Promise<Response> {
  const key = cacheKey(c, (await recentVersions(c.var.db)).board, modelId, format, query);
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
  const spec: BadgeSpec = {
    ...content,
    style: query.style,
    ...(ranked && query.color !== undefined ? { color: query.color } : {}),
    ...(ranked && query.labelColor !== undefined ? { labelColor: query.labelColor } : {}),
    ...(query.logo !== undefined ? { logo: query.logo } : {}),
    ...(query.logoColor !== undefined ? { logoColor: query.logoColor } : {}),
  };
  const seconds = ranked ? rankedSeconds(query) : CACHE_SECONDS;
  const body = render(spec, format, seconds);
  const headers = headersFor(format, ranked ? rankedCache(seconds) : UNRANKED_CACHE, await etagOf(body));
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
