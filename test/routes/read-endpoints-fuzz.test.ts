/**
 * Every public read under hostile query strings and path segments: never a 5xx, never a stack; a refusal is the
 * JSON envelope on the API, an SVG on badges, an HTML page with the page policy on pages.
 */
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BOARD_PARAMETERS } from "../../worker/domain/board/params";
import { seedDemo } from "../support/demo";

const BASE = "https://podium.test";
const MODEL = "MaziyarPanahi/calme-3.2-instruct-78b";

beforeAll(async () => {
  await seedDemo();
});

type Kind = "json" | "csv" | "page" | "svg" | "atom";

const ENDPOINTS: Array<[string, Kind]> = [
  ["/api/v1/leaderboard", "json"],
  ["/api/v1/leaderboard.json", "json"],
  ["/api/v1/leaderboard.csv", "csv"],
  [`/api/v1/models/${MODEL}`, "json"],
  ["/api/v1/benchmarks", "json"],
  ["/api/v1/queue", "json"],
  ["/", "page"],
  [`/models/${MODEL}`, "page"],
  ["/compare", "page"],
  ["/queue", "page"],
  [`/badge/${MODEL}.svg`, "svg"],
  ["/feed.atom", "atom"],
];

const KEYS = [
  ...Object.keys(BOARD_PARAMETERS),
  "limit",
  "offset",
  "models",
  "status",
  "metric",
  "style",
  "label",
  "precision",
  "pin",
  "format",
  "__proto__",
  "constructor",
];

const hostile = fc.oneof(
  fc.constantFrom(
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "99999999999999999999999",
    "1.5",
    "",
    " ",
    "%",
    "\u0000",
    "\ud83d",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "../../etc/passwd",
    ",,,,",
    "true",
    "[]",
    "{}",
    "(.|.)*!",
    ".*.*.*.*!",
    "@license:((a+)+)",
    "a".repeat(5000),
    `${MODEL},${MODEL},x/y,,`,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const query = fc.array(fc.tuple(fc.constantFrom(...KEYS), hostile), { maxLength: 5 });
const rawTail = fc.constantFrom(
  "",
  "&%",
  "&%zz=1",
  "&a=%E0%A4%A",
  "&=",
  "&&&",
  "&limit=1&limit=2",
  "&sort",
  "&search=%FF",
);

async function expectSane(kind: Kind, url: string) {
  const res = await SELF.fetch(url);
  const type = res.headers.get("content-type") ?? "";
  const body = await res.text();
  expect(res.status, `${url} → ${body.slice(0, 200)}`).toBeLessThan(500);
  expect(body).not.toMatch(/\n\s+at \S+ \(|\.ts:\d+:\d+/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  if (res.status >= 300 && res.status < 400) return;
  if (type.startsWith("text/html")) {
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  }
  // A path no route matches (`/models/a/`, say) is the API's 404 envelope whatever the prefix.
  const unrouted = res.status === 404 && type.startsWith("application/json");
  if (kind === "svg" && !unrouted) {
    expect(type, url).toMatch(/^image\/svg\+xml/);
    expect(body.startsWith("<svg")).toBe(true);
  } else if (kind === "page" && !unrouted) {
    expect(type, url).toMatch(/^text\/html/);
  } else if (res.status >= 400) {
    expect(type, url).toMatch(/^application\/json/);
    expect(JSON.parse(body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

describe("public reads under hostile input", () => {
  describe("errors", () => {
    it("hostile query strings on every read endpoint", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ENDPOINTS), query, rawTail, async ([path, kind], params, tail) => {
          const search = new URLSearchParams(params).toString();
          await expectSane(kind, `${BASE}${path}?${search}${tail}`);
        }),
        { numRuns: 150 },
      );
    }, 120_000);

    it("searches that backtracking made catastrophic answer at once, on the API and the page", async () => {
      // The search took 23 s here; `(.|.)*!` minutes. No model id holds a `!`.
      for (const text of [Array(11).fill(".{0,99}.{0,99}.{0,99}!").join(";"), "(.|.)*!"]) {
        const search = encodeURIComponent(text);
        const api = await SELF.fetch(`${BASE}/api/v1/leaderboard?search=${search}`);
        expect(api.status).toBe(200);
        expect(((await api.json()) as { total: number }).total).toBe(0);
        const page = await SELF.fetch(`${BASE}/?search=${search}`);
        expect(page.status).toBe(200);
      }
    });

    it("a search no automaton can run is refused at once with the reason, on the API and the page", async () => {
      const search = encodeURIComponent("(a)\\1");
      const api = await SELF.fetch(`${BASE}/api/v1/leaderboard?search=${search}`);
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/uses backreferences/);
      const page = await SELF.fetch(`${BASE}/?search=${search}`);
      expect(page.status).toBe(400);
      expect(await page.text()).toMatch(/uses backreferences/);
    });

    it("path segments with encoded slashes, dots and junk", async () => {
      const segment = fc.oneof(
        fc.constantFrom(
          "..",
          "%2e%2e",
          "%2F",
          "%2f..%2f",
          "..%2F..%2Fetc",
          "%00",
          "%ff",
          "%",
          "%zz",
          "..%5c",
          "~",
          "a%2Fb",
        ),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,16}$/),
      );
      const shapes: Array<[(a: string, b: string) => string, Kind]> = [
        [(a, b) => `/api/v1/models/${a}/${b}`, "json"],
        [(a) => `/api/v1/models/${a}`, "json"],
        [(a, b) => `/models/${a}/${b}`, "page"],
        [(a) => `/models/${a}`, "page"],
        [(a, b) => `/badge/${a}/${b}.svg`, "svg"],
        [(a) => `/badge/${a}.svg`, "svg"],
        [(a, b) => `/api/v1/submissions/${a}${b}/vote`, "json"],
        [(a) => `/api/v1/evaluators/${a}/events`, "json"],
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...shapes), segment, segment, async ([shape, kind], a, b) => {
          const url = new URL(`${BASE}${shape(a, b)}`);
          // The URL parser resolves dot segments first: `/models/../x` is asked for as `/x`.
          const prefix = shape("", "").split("/").slice(0, 3).join("/");
          fc.pre(url.pathname.startsWith(prefix));
          await expectSane(kind, url.toString());
        }),
        { numRuns: 120 },
      );
    }, 120_000);
  });
});
