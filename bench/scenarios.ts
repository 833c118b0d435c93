/** The routes measured under load, each against a baseline that returns the same bytes from memory. */

export interface RouteScenario {
  key: string;
  title: string;
  /** The request path for the n-th request; a fixed path unless the scenario defeats caches on purpose. */
  path: (n: number) => string;
  /** Minimum share of the baseline's requests/s this route should reach, when the issue sets one. */
  target?: number;
  /** Measured on the real board only: its cost does not depend on the board. */
  realOnly?: boolean;
  /**
   * What the platform floor does for this route on every request, as Podium's design does: a Cache API hit
   * (`cache`) or a hit after a D1 read (`cache+d1`). None: the baseline is its floor.
   */
  floor?: "cache" | "cache+d1";
}

const FILTERS = "search=llama&types=chat,fine-tuned&params=7,65&hide=merged,flagged";
const SEARCH = "search=llama&limit=50";

/** The scenarios for a board whose leader is `modelId` (`org/name`). */
export function routeScenarios(modelId: string): RouteScenario[] {
  return [
    {
      // Touches neither D1 nor a cache: what every route pays before its own work (routing, middleware).
      key: "healthz",
      title: "`/healthz` (no D1, no cache)",
      path: () => "/healthz",
      target: 0.7,
      realOnly: true,
    },
    { key: "home", title: "`/` default view (top 100)", path: () => "/", target: 0.6, floor: "cache" },
    { key: "home-filtered", title: "`/` search + filters", path: () => `/?${FILTERS}`, floor: "cache" },
    {
      key: "api-filtered",
      title: "`/api/v1/leaderboard` filtered",
      path: () => `/api/v1/leaderboard?${FILTERS}&limit=100`,
      target: 0.25,
      floor: "cache",
    },
    {
      // Issue 15's filtered API: a search, one page of 50.
      key: "api-search",
      title: "`/api/v1/leaderboard` searched",
      path: () => `/api/v1/leaderboard?${SEARCH}`,
      target: 0.5,
      floor: "cache",
    },
    {
      // A new size bound on every request: no cache can answer, so this is the query engine's own speed.
      key: "api-uncached",
      title: "`/api/v1/leaderboard` top 100, a new query each request",
      path: (n) => `/api/v1/leaderboard?params=0,${(200 + n / 1000).toFixed(3)}&limit=100`,
    },
    { key: "model", title: "`/api/v1/models/{id}`", path: () => `/api/v1/models/${modelId}`, floor: "cache" },
    {
      key: "badge",
      title: "`/badge/{org}/{name}.svg`",
      path: () => `/badge/${modelId}.svg`,
      target: 0.6,
      floor: "cache+d1",
    },
  ];
}
