/**
 * The board on a past day: `as_of` views of the API, the island's rows and the page equal a reading of the seed CSV
 * in this file (d3-dsv): the rows submitted by the end of that day, ranked by their average among those. In the
 * seed each model × revision × precision has one row, so a past board is exactly its rows dated by then.
 */
import { SELF } from "cloudflare:test";
import { csvParse } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import csv from "../../../data/open-llm-leaderboard-v2-final.csv?raw";
import { seedDemo } from "../../support/demo";
import { decodeSlice, inflate, SLICE_FORMAT } from "../../../worker/domain/board/slice";

interface Row {
  model: string;
  precision: string;
  type: string;
  average: number;
  day: string | null;
}

const rows: Row[] = csvParse(csv).map((r) => ({
  model: (r.model_name ?? "").trim(),
  precision: r.model_precision ?? "",
  type: r.model_type ?? "",
  average: Number(r.model_average_score),
  day: r.metadata_submission_date?.trim() ? (r.metadata_submission_date as string).slice(0, 10) : null,
}));

const byEnd = (day: string) => rows.filter((r) => r.day !== null && r.day <= day);

interface Entry {
  rank: number;
  evaluation_id: string;
  model: { id: string; type: string };
  precision: string;
  average: number;
  submission_date: string | null;
}
interface Page {
  data: Entry[];
  total: number;
  version: string;
  as_of: string | null;
  first_date: string | null;
}

async function api(query: string): Promise<Page> {
  const res = await SELF.fetch(`https://podium.test/api/v1/leaderboard?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()) as Page;
}

async function page(path: string): Promise<string> {
  const res = await SELF.fetch(`https://podium.test${path}`, { redirect: "manual" });
  expect(res.status, path).toBe(200);
  return res.text();
}

const shownOf = (html: string) => {
  const m = /([\d,]+) of ([\d,]+) evaluations/.exec(html);
  expect(m).not.toBeNull();
  return [Number(m?.[1]?.replace(/,/g, "")), Number(m?.[2]?.replace(/,/g, ""))];
};

beforeAll(async () => {
  await seedDemo();
});

describe("the board as of a day equals the seed CSV's rows submitted by then", () => {
  it("reads the CSV's dates: 4,564 dated rows from 2024-06-08 to 2025-03-13, 12 without a date", () => {
    const days = rows.flatMap((r) => (r.day ? [r.day] : [])).sort();
    expect(days).toHaveLength(4564);
    expect(days[0]).toBe("2024-06-08");
    expect(days.at(-1)).toBe("2025-03-13");
  });

  // Launch, its first weeks, a few months later, the last day, and a day long after the data.
  const dates = ["2024-06-08", "2024-06-13", "2024-07-01", "2024-09-01", "2025-01-01", "2025-03-13", "2030-01-01"];

  it.each(dates)("as_of=%s through the API: the count and the top ten in order", async (day) => {
    const expected = byEnd(day).sort((a, b) => b.average - a.average);
    const body = await api(`as_of=${day}&limit=10`);
    expect(body.total).toBe(expected.length);
    expect(body.as_of).toBe(day);
    expect(body.first_date).toBe("2024-06-08");
    const top = expected.slice(0, 10);
    // The order is only the data's when no two of the first eleven averages tie.
    expect(new Set(expected.slice(0, 11).map((r) => r.average)).size).toBe(Math.min(11, expected.length));
    expect(body.data.map((e) => [e.rank, e.model.id, e.precision])).toEqual(
      top.map((r, i) => [i + 1, r.model, r.precision]),
    );
    for (const [i, e] of body.data.entries()) {
      expect(e.average).toBeCloseTo(top[i]?.average as number, 2);
      expect((e.submission_date ?? "").slice(0, 10) <= day).toBe(true);
    }
  });

  it("filters a past board like today's: chat models at bfloat16 by the end of 2024-09-01", async () => {
    const keep = byEnd("2024-09-01").filter((r) => r.type === "chatmodels" && r.precision === "bfloat16");
    expect(keep.length).toBeGreaterThan(0);
    expect((await api("as_of=2024-09-01&types=chat&precision=bfloat16&limit=1")).total).toBe(keep.length);
  });

  it("today's board still holds every row, the undated ones included", async () => {
    const body = await api("limit=1");
    expect(body.total).toBe(rows.length);
    expect(body.as_of).toBeNull();
  });

  it("a day before the first data is an empty board that names the first day", async () => {
    const body = await api("as_of=2024-06-07");
    expect(body).toMatchObject({ data: [], total: 0, as_of: "2024-06-07", first_date: "2024-06-08" });
  });

  it("the island's slice of a day is that day's board", async () => {
    const { version } = await api("limit=1");
    const res = await SELF.fetch(
      `https://podium.test/api/v1/leaderboard/slices/v${SLICE_FORMAT}/${encodeURIComponent(version)}?as_of=2024-07-01`,
    );
    expect(res.status).toBe(200);
    expect(decodeSlice(await inflate(await res.blob())).length).toBe(byEnd("2024-07-01").length);
  });

  it("refuses a day that is not one with a 400 and the error envelope", async () => {
    for (const bad of ["2024-02-30", "2024-9-1", "yesterday"]) {
      const res = await SELF.fetch(`https://podium.test/api/v1/leaderboard?as_of=${bad}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toMatch(/as_of/);
    }
  });
});

describe("the page as of a day", () => {
  it.each(["2024-06-13", "2024-09-01", "2025-03-13"])(
    "/?as_of=%s counts that day's rows, dated in the title",
    async (day) => {
      const html = await page(`/?as_of=${day}`);
      const n = byEnd(day).length;
      expect(shownOf(html)).toEqual([n, n]);
      expect(html).toContain(`<title>Podium — the open LLM leaderboard as of ${day}</title>`);
      expect(html).toMatch(new RegExp(`<input type="date" name="as_of" value="${day}"`));
    },
  );

  it("a day before the first data says so and links the first day", async () => {
    const html = await page("/?as_of=2024-01-15");
    expect(shownOf(html)).toEqual([0, 0]);
    expect(html).toContain("Nothing had been evaluated by the end of 2024-01-15");
    expect(html).toContain('href="/?as_of=2024-06-08"');
  });

  it("an impossible day is a 400 page that names it and shows today's board", async () => {
    const res = await SELF.fetch("https://podium.test/?as_of=2024-02-30", { redirect: "manual" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Ignored “as_of”: must be a day of the calendar as YYYY-MM-DD");
    expect(shownOf(html)).toEqual([rows.length, rows.length]);
  });

  it("a model's history links each run's day to that day's board with the run pinned", async () => {
    const target = rows.find((r) => r.day !== null && r.model.includes("/")) as Row;
    const html = await page(`/models/${target.model}`);
    const links = [...html.matchAll(/href="\/\?as_of=(\d{4}-\d{2}-\d{2})&amp;pinned=([^"]+)"/g)];
    expect(links.map((m) => m[1])).toContain(target.day);
    const [, day, id] = links[0] as RegExpMatchArray;
    const board = await api(`as_of=${day}&pinned=${id}&limit=1`);
    expect(board.data[0]?.evaluation_id).toBe(decodeURIComponent(id as string));
  });
});
