/**
 * The board says what the data says: every filter, size preset and search example of the README and the page
 * counts, through the API and the page, exactly the rows of the seed CSV that a reading of the CSV in this file
 * selects. The expected counts come from the CSV itself (parsed here with d3-dsv), never from the code under test.
 */
import { SELF } from "cloudflare:test";
import { csvParse } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import csv from "../../../data/open-llm-leaderboard-v2-final.csv?raw";
import readme from "../../../README.md?raw";
import { seedDemo } from "../../support/demo";

/** The dump's compacted type names, as the old board's filter chips name them. */
const TYPES: Record<string, string> = {
  pretrained: "pretrained",
  continuouslypretrained: "continuously-pretrained",
  "fine-tunedondomain-specificdatasets": "fine-tuned",
  chatmodels: "chat",
  basemergesandmoerges: "merge",
  multimodal: "multimodal",
  "❓other": "other",
};

interface Row {
  model: string;
  precision: string;
  type: string;
  /** Billions; null when the data gives none or a negative number (the old board's "unknown"). */
  params: number | null;
  architecture: string;
  license: string;
  merged: boolean;
  moe: boolean;
  flagged: boolean;
  official: boolean;
  available: boolean;
}

const yes = (v: string | undefined) => v === "TRUE";

const rows: Row[] = csvParse(csv).map((r) => {
  const size = r.metadata_params_billions?.trim() ? Number(r.metadata_params_billions) : null;
  const type = TYPES[r.model_type ?? ""];
  if (!type) throw new Error(`unexpected type ${r.model_type}`);
  return {
    model: (r.model_name ?? "").trim(),
    precision: r.model_precision ?? "",
    type,
    params: size === null || size < 0 ? null : size,
    architecture: (r.model_architecture ?? "").trim().toLowerCase(),
    license: (r.metadata_hub_license ?? "").trim().toLowerCase(),
    merged: yes(r.features_is_merged),
    moe: yes(r.features_is_moe),
    flagged: yes(r.features_is_flagged),
    official: yes(r.features_is_official_provider),
    // The dump's `is_not_available_on_hub` holds the old board's "Available on the hub" column under a wrong name.
    available: yes(r.features_is_not_available_on_hub),
  };
});

const count = (keep: (r: Row) => boolean) => rows.filter(keep).length;
const sized = (min: number | null, max: number | null) => (r: Row) =>
  r.params !== null && (min === null || r.params >= min) && (max === null || r.params <= max);
const has = (r: Row, field: "model" | "architecture" | "license", needle: string) =>
  (field === "model" ? r.model.toLowerCase() : r[field]).includes(needle);

async function apiTotal(query: string): Promise<number> {
  const res = await SELF.fetch(`https://podium.test/api/v1/leaderboard?${query}${query ? "&" : ""}limit=1`);
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

/** The page's "N of M evaluations" line: N, the rows of the view. */
async function pageTotal(path: string): Promise<number> {
  const res = await SELF.fetch(`https://podium.test${path}`, { redirect: "manual" });
  expect(res.status, path).toBe(200);
  const shown = /([\d,]+) of ([\d,]+) evaluations/.exec(await res.text());
  expect(shown, path).not.toBeNull();
  return Number((shown as RegExpExecArray)[1]?.replace(/,/g, ""));
}

beforeAll(async () => {
  await seedDemo();
});

describe("the board's counts equal the seed CSV's", () => {
  it("reads 4,576 rows from the CSV", () => {
    expect(rows).toHaveLength(4576);
  });

  const filters: Array<[string, (r: Row) => boolean]> = [
    ["", () => true],
    ...Object.values(TYPES).map((t): [string, (r: Row) => boolean] => [`types=${t}`, (r) => r.type === t]),
    ["types=chat,pretrained", (r) => r.type === "chat" || r.type === "pretrained"],
    ...["bfloat16", "float16", "8bit", "4bit", "GPTQ"].map((p): [string, (r: Row) => boolean] => [
      `precision=${p}`,
      (r) => r.precision === p,
    ]),
    ["precision=float16,4bit", (r) => r.precision === "float16" || r.precision === "4bit"],
    ["params=0,3", sized(0, 3)],
    ["params=3,7", sized(3, 7)],
    ["params=7,65", sized(7, 65)],
    ["params=65,141", sized(65, 141)],
    ["params=7,", sized(7, null)],
    ["params=,3", sized(null, 3)],
    ["params=1.5,8.5", sized(1.5, 8.5)],
    ["hide=merged", (r) => !r.merged],
    ["hide=moe", (r) => !r.moe],
    ["hide=flagged", (r) => !r.flagged],
    ["hide=unavailable", (r) => r.available],
    ["hide=merged,moe,flagged,unavailable", (r) => !r.merged && !r.moe && !r.flagged && r.available],
    ["official=true", (r) => r.official],
    [
      "types=chat,fine-tuned&precision=bfloat16&params=7,65&hide=merged,flagged",
      (r) =>
        (r.type === "chat" || r.type === "fine-tuned") &&
        r.precision === "bfloat16" &&
        sized(7, 65)(r) &&
        !r.merged &&
        !r.flagged,
    ],
  ];

  it.each(filters)("`%s` through the API", async (query, keep) => {
    expect(await apiTotal(query)).toBe(count(keep));
  });

  it("counts the misfiled runs right: a type and a size per run, not per model", async () => {
    // One model at two revisions of 1.803B and 3.607B parameters: one run in each size range.
    const deep = encodeURIComponent("^bunnycore/llama-3\\.2-3b-deep-test$");
    expect(await apiTotal(`search=${deep}&params=0,3`)).toBe(1);
    expect(await apiTotal(`search=${deep}&params=3,7`)).toBe(1);
    // One revision submitted as fine-tuned at float16 and as multimodal at bfloat16.
    const aether = encodeURIComponent("^daemontatox/aethertot$");
    expect(await apiTotal(`search=${aether}&types=multimodal`)).toBe(1);
    expect(await apiTotal(`search=${aether}&types=fine-tuned`)).toBe(1);
  });

  it("counts every size preset the page links to, on the page and through the API", async () => {
    const html = await (await SELF.fetch("https://podium.test/")).text();
    const presets = [...html.matchAll(/<a href="\/\?params=([\d.]+)%2C([\d.]+)"[^>]*>([^<]+)<\/a>/g)];
    expect(presets.map((m) => m[3])).toEqual([
      "Edge devices 0–3B",
      "Consumers 3–7B",
      "Mid-range 7–65B",
      "GPU-rich 65–141B",
    ]);
    for (const [, min, max] of presets) {
      const expected = count(sized(Number(min), Number(max)));
      expect(await apiTotal(`params=${min},${max}`), `${min}–${max}`).toBe(expected);
      expect(await pageTotal(`/?params=${min}%2C${max}`), `${min}–${max}`).toBe(expected);
    }
  });

  it("counts the page's hide and official switches on the page", async () => {
    expect(await pageTotal("/?hide=merged%2Cmoe%2Cflagged%2Cunavailable")).toBe(
      count((r) => !r.merged && !r.moe && !r.flagged && r.available),
    );
    expect(await pageTotal("/?official=true")).toBe(count((r) => r.official));
    expect(await pageTotal("/?types=merge")).toBe(count((r) => r.type === "merge"));
  });

  /** Each search example shown to people, with the CSV reading of it. */
  const examples: Record<string, (r: Row) => boolean> = {
    "meta @architecture:llama; 7b @license:apache": (r) =>
      (has(r, "model", "meta") && has(r, "architecture", "llama")) ||
      (has(r, "model", "7b") && has(r, "license", "apache")),
    "@precision:float16": (r) => r.precision === "float16",
    "@type:chat": (r) => r.type === "chat",
  };

  it("covers every search example of the README, the board's help and the about page", async () => {
    const shown = new Set<string>();
    const field = /@(?:architecture|license|precision|type):[^\s`<"]+/;
    for (const m of readme.matchAll(/`([^`\n]+)`/g)) if (field.test(m[1] as string)) shown.add(m[1] as string);
    for (const page of ["/", "/about"]) {
      const html = await (await SELF.fetch(`https://podium.test${page}`)).text();
      for (const m of html.matchAll(/<code>([^<]+)<\/code>|placeholder="e\.g\. ([^"]+)"/g)) {
        const text = (m[1] ?? m[2] ?? "").replace(/&amp;/g, "&");
        if (field.test(text)) shown.add(text);
      }
    }
    expect(shown.size).toBeGreaterThan(0);
    expect([...shown].filter((s) => !(s in examples))).toEqual([]);
  });

  it.each(Object.keys(examples))("search `%s` through the API and on the page", async (search) => {
    const expected = count(examples[search] as (r: Row) => boolean);
    expect(expected).toBeGreaterThan(0);
    expect(await apiTotal(`search=${encodeURIComponent(search)}`)).toBe(expected);
    expect(await pageTotal(`/?search=${encodeURIComponent(search)}`)).toBe(expected);
  });

  it("@precision:float16 no longer returns bfloat16 rows (4,574 matched the substring)", async () => {
    expect(count((r) => r.precision.includes("float16"))).toBe(4574);
    expect(await apiTotal(`search=${encodeURIComponent("@precision:float16")}`)).toBe(1151);
  });
});
