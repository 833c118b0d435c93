/** A badge's URL: the model file name (`.svg` or `.json`) and shields.io's query parameters. */
import { z } from "@hono/zod-openapi";
import { BADGE_STYLES } from "../domain/badge";
import { normalizeColor } from "../domain/badge-colors";
import { BADGE_METRICS } from "../domain/badge-content";
import { BADGE_LOGOS } from "../domain/badge-logos";
import { PRECISIONS } from "../domain/vocabulary";

/** The cache of a ranked badge by default, and the longest `cacheSeconds` may ask for. */
export const BADGE_CACHE_SECONDS = 300;
// A day: long enough for any README, short enough that GitHub's Camo shows a new standing the next day.
export const MAX_BADGE_CACHE_SECONDS = 86_400;
const MAX_LABEL = 64;
const MAX_COLOR = 64;

const colorParameter = (description: string) =>
  z
    .string()
    .max(MAX_COLOR)
    .refine((value) => normalizeColor(value) !== undefined)
    .optional()
    .openapi({ description, example: "blue" });

export const badgeQuery = z.object({
  metric: z
    .enum(BADGE_METRICS)
    .default("rank")
    .openapi({
      description:
        "What the badge shows: `rank` (`#12 of 4,576`), `rank_range` (`#3–9 of 4,576`, the ranks it is statistically " +
        "tied with on the whole board, /about#intervals), the average or one benchmark's score",
    }),
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
      description: `Seconds caches may keep a ranked badge: at least ${BADGE_CACHE_SECONDS} (the default), at most ${MAX_BADGE_CACHE_SECONDS}`,
      example: 3600,
    }),
});
export type BadgeQuery = z.infer<typeof badgeQuery>;

export const badgeFile = z
  .string()
  .regex(/^.+\.(svg|json)$/)
  .openapi({ description: "The model name followed by .svg or .json", example: "calme-3.2-instruct-78b.svg" });
