/**
 * What a Podium badge says: its label, message and colour for a metric and a model's standing, and the same
 * as a shields.io endpoint document (https://img.shields.io/endpoint?url=…).
 */
import { benchmark, type BenchmarkKey } from "./benchmarks";
import { standingColor, type BadgeSpec, type BadgeStyle } from "./badge";
import { normalizeColor, type NamedColor } from "./badge-colors";
import type { BadgeLogo } from "./badge-logos";

export const BADGE_METRICS = [
  "rank",
  "rank_range",
  "average",
  "ifeval",
  "bbh",
  "math",
  "gpqa",
  "musr",
  "mmlu_pro",
] as const;
export type BadgeMetric = (typeof BADGE_METRICS)[number];
/** The column a metric ranks by: the rank badge ranks by the average. */
export type RankedBy = "average" | BenchmarkKey;

/** The column a badge metric ranks and colours by. */
export function rankedBy(metric: BadgeMetric): RankedBy {
  return metric === "rank" || metric === "rank_range" ? "average" : metric;
}

/** The label a badge carries unless the URL overrides it. */
export function defaultLabel(metric: BadgeMetric): string {
  if (metric === "rank") return "podium rank";
  if (metric === "rank_range") return "podium rank range";
  if (metric === "average") return "podium average";
  return `podium ${benchmark(metric).title}`;
}

/** A model's place on one column: 1-based rank among `total` ranked evaluations, and its value there. */
export interface Standing {
  rank: number;
  total: number;
  value: number | null;
  /** `[best, worst]`, the ranks it is statistically tied with on the whole board, for `rank_range`. */
  range?: [number, number] | null;
}

/** Thousands separators, independent of the runtime's locale data (4,576). */
export function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The badge for a metric: `#12 of 4,576` for rank, `#3–9 of 4,576` for the rank range (the rank alone when the
 * row has no interval or is tied with none), a two-decimal score otherwise, coloured by standing on that metric;
 * a grey "provisional" for a model whose only runs await an independent reproduction, and a grey "not ranked"
 * when there is no standing otherwise (unknown model, nothing ranked, no value); a flagged model's message ends in
 * "· flagged".
 */
export function badgeContent(
  metric: BadgeMetric,
  standing: Standing | null,
  label: string = defaultLabel(metric),
  provisional = false,
  flagged = false,
): { label: string; message: string; color: NamedColor } {
  const content = standingContent(metric, standing, label, provisional);
  // A flag travels with the model wherever its badge is embedded; its reason is on the model page.
  return flagged ? { ...content, message: `${content.message} · flagged` } : content;
}

function standingContent(
  metric: BadgeMetric,
  standing: Standing | null,
  label: string,
  provisional: boolean,
): { label: string; message: string; color: NamedColor } {
  if (!standing && provisional) return { label, message: "provisional", color: "lightgrey" };
  const isRank = metric === "rank" || metric === "rank_range";
  if (!standing || standing.total < 1 || (!isRank && standing.value == null)) {
    return { label, message: "not ranked", color: "lightgrey" };
  }
  const color = standingColor(standing.rank, standing.total);
  const of = ` of ${thousands(standing.total)}`;
  const range = standing.range;
  if (metric === "rank_range" && range && range[0] !== range[1])
    return { label, message: `#${thousands(range[0])}–${thousands(range[1])}${of}`, color };
  if (isRank) return { label, message: `#${thousands(standing.rank)}${of}`, color };
  return { label, message: (standing.value ?? 0).toFixed(2), color };
}

/** The red badge naming the query parameter that was refused, and the values it takes when they are few. */
export function invalidParameterContent(
  parameter: string,
  allowed?: readonly string[],
): { label: string; message: string; color: NamedColor } {
  const message = allowed ? `invalid ${parameter} (${allowed.join(", ")})` : `invalid ${parameter}`;
  return { label: "podium badge", message, color: "red" };
}

/** Every key shields.io's endpoint badge accepts; it rejects a document with any other key. */
export const SHIELDS_ENDPOINT_KEYS = [
  "schemaVersion",
  "label",
  "message",
  "color",
  "labelColor",
  "isError",
  "namedLogo",
  "logoSvg",
  "logoColor",
  "logoWidth",
  "style",
  "cacheSeconds",
] as const;

export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  labelColor?: string;
  isError?: true;
  namedLogo?: BadgeLogo;
  logoColor?: string;
  style: BadgeStyle;
  cacheSeconds: number;
}

/**
 * A shields.io endpoint document for a badge, with only keys shields accepts: colours in the form shields
 * normalizes them to, the logo by its simple-icons name, cacheSeconds ≥ 300 as shields floors it.
 */
export function shieldsEndpoint(spec: BadgeSpec, cacheSeconds: number, isError = false): ShieldsEndpoint {
  const labelColor = spec.labelColor === undefined ? undefined : normalizeColor(spec.labelColor);
  const logoColor = spec.logoColor === undefined ? undefined : normalizeColor(spec.logoColor);
  return {
    schemaVersion: 1,
    label: spec.label,
    message: spec.message,
    color: normalizeColor(spec.color) ?? "lightgrey",
    ...(labelColor ? { labelColor } : {}),
    ...(isError ? { isError: true as const } : {}),
    ...(spec.logo ? { namedLogo: spec.logo } : {}),
    ...(spec.logo && logoColor ? { logoColor } : {}),
    style: spec.style,
    cacheSeconds: Math.max(300, cacheSeconds),
  };
}
