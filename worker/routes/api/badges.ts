/**
 * Ranking badges: `/badge/{org}/{name}.svg` (and `.json`, a shields.io endpoint document), also for legacy ids
 * without an org (`/badge/gpt2.svg`). Never a broken image: an unknown or unranked model gets a grey
 * "not ranked" badge with a short cache, a bad parameter a red 400 badge naming it. The shields parameters
 * people already put in badge URLs work as on shields: `color` and `labelColor` (ignored on a not-ranked badge,
 * as shields ignores them on errors), `logo` and `logoColor`, and `cacheSeconds`, which only ever lengthens the
 * cache. Answers come from the response cache under the board version, so a repeat view on a warm isolate costs
 * no D1 read (edge/response-cache.ts BADGE_VERSION_MAX_AGE_MS) and a new evaluation shows within one cache
 * period; votes and queue changes never move it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type BadgeSpec, renderBadge } from "../../domain/badge";
import { badgeContent, invalidParameterContent, shieldsEndpoint } from "../../domain/badge-content";
import { BADGE_LOGOS } from "../../domain/badge-logos";
import { type AppEnv, createRouter } from "../../edge/context";
import { PodiumError } from "../../edge/errors";
import { cachedBadge, conditional, contentEtag, type Rendered, requestVersion } from "../../edge/response-cache";
import {
  BADGE_CACHE_SECONDS,
  badgeFile,
  type BadgeQuery,
  badgeQuery,
  MAX_BADGE_CACHE_SECONDS,
} from "../../schemas/badges";
import { errorContent, notModified } from "../../schemas/common";
import { badgeStanding, flaggedModel, provisionalOnly } from "../../use-cases/standings";

const UNRANKED_CACHE = "public, max-age=60, s-maxage=60";
const ERROR_CACHE = "no-cache";

const badgeContentTypes = {
  "image/svg+xml": { schema: z.string().openapi({ description: "A self-contained SVG badge" }) },
  "application/json": {
    schema: z.record(z.string(), z.unknown()).openapi({ description: "A shields.io endpoint document" }),
  },
};

const responses = {
  200: { description: "The badge (SVG, or a shields.io endpoint document for .json)", content: badgeContentTypes },
  400: { description: "A red badge naming the invalid parameter", content: badgeContentTypes },
  404: errorContent("The file does not end in .svg or .json"),
  ...notModified,
};

const withOrg = createRoute({
  method: "get",
  path: "/badge/{org}/{file}",
  tags: ["Badges"],
  operationId: "getBadge",
  summary: "A model's ranking badge",
  request: { params: z.object({ org: z.string().min(1), file: badgeFile }), query: badgeQuery },
  responses,
});

const legacy = createRoute({
  method: "get",
  path: "/badge/{file}",
  tags: ["Badges"],
  operationId: "getLegacyBadge",
  summary: "The ranking badge of a model with a legacy Hub id without namespace",
  request: { params: z.object({ file: badgeFile }), query: badgeQuery },
  responses,
});

type Format = "svg" | "json";

function split(name: string): { base: string; format: Format } {
  const format: Format = name.endsWith(".json") ? "json" : "svg";
  return { base: name.slice(0, -(format.length + 1)), format };
}

function body(spec: BadgeSpec, format: Format, cacheSeconds: number, isError = false): string {
  return format === "svg" ? renderBadge(spec) : JSON.stringify(shieldsEndpoint(spec, cacheSeconds, isError));
}

async function rendered(text: string, format: Format, cacheControl: string): Promise<Rendered> {
  const headers = new Headers({
    "Content-Type": format === "svg" ? "image/svg+xml; charset=utf-8" : "application/json; charset=utf-8",
    "Cache-Control": cacheControl,
    ETag: await contentEtag(text),
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  return { body: text, headers };
}

/** The red badge naming a refused query parameter, in the requested format; never cached. */
async function invalidBadge(c: Context<AppEnv>, parameter: string): Promise<Response> {
  const { format } = split(c.req.path);
  const spec: BadgeSpec = {
    ...invalidParameterContent(parameter, parameter === "logo" ? BADGE_LOGOS : undefined),
    style: "flat",
  };
  return conditional(c, await rendered(body(spec, format, BADGE_CACHE_SECONDS, true), format, ERROR_CACHE), 400);
}

/** Per-route validation hook: a bad query parameter becomes a red badge in the requested format. */
function refuse(
  result: { success: boolean; target: string; error?: { issues: ReadonlyArray<{ path: PropertyKey[] }> } },
  c: Context<AppEnv>,
) {
  if (result.success) return;
  if (result.target !== "query") throw new PodiumError("not_found", "No such badge: badge URLs end in .svg or .json");
  return invalidBadge(c, String(result.error?.issues[0]?.path[0] ?? "parameter"));
}

/** How long a ranked badge may be cached: the default, raised by `cacheSeconds` up to a day, as shields does. */
function rankedSeconds(query: BadgeQuery): number {
  return Math.min(Math.max(query.cacheSeconds ?? 0, BADGE_CACHE_SECONDS), MAX_BADGE_CACHE_SECONDS);
}

/**
 * The canonical badge request: the validated query holds exactly the parameters the route declares (defaults
 * filled in), so an undeclared parameter never mints an entry. Model ids are case-insensitive: every spelling
 * of one model shares an entry, so spellings cannot flood the cache.
 */
function canonicalPath(modelId: string, format: Format, query: BadgeQuery): string {
  const declared = Object.entries(query).filter(([, value]) => value !== undefined);
  const canonical = new URLSearchParams(declared.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)]));
  return `/badge/${encodeURIComponent(modelId.toLowerCase())}.${format}?${canonical}`;
}

function serve(c: Context<AppEnv>, modelId: string, format: Format, query: BadgeQuery): Promise<Response> {
  return cachedBadge(c, canonicalPath(modelId, format, query), async () => {
    const standing = await badgeStanding(requestVersion(c, "board"), modelId, query.metric, query.precision);
    const provisional = standing === null && (await provisionalOnly(c.var.db, modelId, query.precision));
    const flagged = await flaggedModel(c.var.db, modelId);
    const content = badgeContent(query.metric, standing, query.label, provisional, flagged);
    const ranked = content.color !== "lightgrey";
    const spec: BadgeSpec = {
      ...content,
      style: query.style,
      ...(ranked && query.color !== undefined ? { color: query.color } : {}),
      ...(ranked && query.labelColor !== undefined ? { labelColor: query.labelColor } : {}),
      ...(query.logo !== undefined ? { logo: query.logo } : {}),
      ...(query.logoColor !== undefined ? { logoColor: query.logoColor } : {}),
    };
    const seconds = ranked ? rankedSeconds(query) : BADGE_CACHE_SECONDS;
    const cacheControl = ranked
      ? `public, max-age=${seconds}, s-maxage=${seconds}, stale-while-revalidate=86400`
      : UNRANKED_CACHE;
    return rendered(body(spec, format, seconds), format, cacheControl);
  });
}

export const badgesApi = createRouter()
  .openapi(
    withOrg,
    (c) => {
      const { org, file } = c.req.valid("param");
      const { base, format } = split(file);
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
