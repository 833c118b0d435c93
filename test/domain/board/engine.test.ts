import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BENCHMARK_KEYS } from "../../../worker/domain/benchmarks";
import { applyBoard, boardSizeFor } from "../../../worker/domain/board/engine";
import { boardOf } from "../../../worker/domain/board/snapshot";
import { errorArrays, seededErrors } from "../../../worker/domain/statistics";
import {
  type BoardQuery,
  COLUMN_KEYS,
  type CompactRow,
  DEFAULT_BOARD_QUERY,
  defaultBoardQuery,
  HIDE_KEYS,
  SORT_KEYS,
} from "../../../worker/domain/board/query";
import { boardQueryFromParams, boardQueryToParams, isDefaultView } from "../../../worker/domain/board/params";
import { MODEL_TYPES, PRECISIONS } from "../../../worker/domain/vocabulary";
import { demoData } from "../../support/demo";

let serial = 0;
function row(over: Partial<CompactRow> & { scores?: number[]; raws?: number[] } = {}): CompactRow {
  serial++;
  const { scores, raws, ...rest } = over;
  const normalized = scores ?? [10, 10, 10, 10, 10, 10];
  const base: CompactRow = {
    id: `e${serial}`,
    model: `org/model-${serial}`,
    revision: "main",
    type: "fine-tuned",
    architecture: "LlamaForCausalLM",
    params: 7,
    license: "apache-2.0",
    likes: 0,
    precision: "bfloat16",
    weightType: "Original",
    chatTemplate: false,
    merged: false,
    moe: false,
    flagged: false,
    official: false,
    available: true,
    baseModel: null,
    generation: 0,
    uploadDate: "2024-01-01",
    submissionDate: "2024-06-01",
    co2: 1,
    flagReason: null,
    provisional: false,
    average: normalized.reduce((a, b) => a + b, 0) / normalized.length,
    raw: raws ?? normalized.map((n) => n / 100),
    normalized,
    se: [1, 1, 1, 1, 1, 1],
    seRaw: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01],
    seEstimated: 0,
    ciSource: "harness",
  };
  return { ...base, ...rest };
}

const q = (over: Partial<BoardQuery> = {}): BoardQuery => ({ ...defaultBoardQuery(), ...over });
const models = (rows: readonly { row: CompactRow }[]) => rows.map((r) => r.row.model);
const view = (rows: CompactRow[], over: Partial<BoardQuery> = {}) => applyBoard(boardOf(rows), q(over));

describe("applyBoard", () => {
  describe("filters", () => {
    const a = row({ model: "a/chat", type: "chat", precision: "float16", params: 2, scores: [50, 50, 50, 50, 50, 50] });
    const b = row({ model: "b/merge", type: "merge", merged: true, params: 8, scores: [40, 40, 40, 40, 40, 40] });
    const c = row({ model: "c/moe", moe: true, params: 65, official: true, scores: [30, 30, 30, 30, 30, 30] });
    const d = row({ model: "d/flagged", flagged: true, params: null, scores: [20, 20, 20, 20, 20, 20] });
    const e = row({
      model: "e/gone",
      available: false,
      precision: "4bit",
      params: 3,
      scores: [10, 10, 10, 10, 10, 10],
    });
    const board = [a, b, c, d, e];

    it("shows every row by default, best average first", () => {
      const result = view(board);
      expect(result.total).toBe(5);
      expect(models(result.rows)).toEqual(["a/chat", "b/merge", "c/moe", "d/flagged", "e/gone"]);
      expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    });

    it("filters by types and precision", () => {
      expect(models(view(board, { types: ["chat", "merge"] }).rows)).toEqual(["a/chat", "b/merge"]);
      expect(models(view(board, { precision: ["float16", "4bit"] }).rows)).toEqual(["a/chat", "e/gone"]);
    });

    it("filters by an inclusive params range and drops unknown sizes once a bound is set", () => {
      expect(models(view(board, { paramsMin: 3, paramsMax: 65 }).rows)).toEqual(["b/merge", "c/moe", "e/gone"]);
      expect(models(view(board, { paramsMin: null, paramsMax: 3 }).rows)).toEqual(["a/chat", "e/gone"]);
      expect(models(view(board, { paramsMin: 8, paramsMax: null }).rows)).toEqual(["b/merge", "c/moe"]);
    });

    it("hides merged, moe, flagged and unavailable rows", () => {
      expect(models(view(board, { hide: ["merged"] }).rows)).not.toContain("b/merge");
      expect(models(view(board, { hide: ["moe"] }).rows)).not.toContain("c/moe");
      expect(models(view(board, { hide: ["flagged"] }).rows)).not.toContain("d/flagged");
      expect(models(view(board, { hide: ["unavailable"] }).rows)).not.toContain("e/gone");
      expect(models(view(board, { hide: [...HIDE_KEYS] }).rows)).toEqual(["a/chat"]);
    });

    it("keeps only official providers", () => {
      expect(models(view(board, { official: true }).rows)).toEqual(["c/moe"]);
    });

    it("searches with the old syntax", () => {
      expect(models(view(board, { search: "chat; @precision:4bit" }).rows)).toEqual(["a/chat", "e/gone"]);
      expect(models(view(board, { search: "^[bc]/" }).rows)).toEqual(["b/merge", "c/moe"]);
    });

    it("shows nothing for a search that does not parse, rather than throwing", () => {
      expect(view(board, { search: "(" })).toEqual({ rows: [], total: 0 });
    });
  });

  describe("ranks and averages", () => {
    const top = row({ model: "x/top", scores: [90, 90, 90, 90, 90, 90] });
    const tieA = row({ model: "x/tie-a", scores: [50, 50, 50, 50, 50, 50] });
    const tieB = row({ model: "x/tie-b", type: "chat", scores: [50, 50, 50, 50, 50, 50] });
    const low = row({ model: "x/low", type: "chat", scores: [10, 10, 10, 10, 10, 10] });
    const board = [low, tieB, top, tieA];

    it("gives tied averages the same rank and skips the next (1, 2, 2, 4), ties in model order", () => {
      const result = view(board);
      expect(models(result.rows)).toEqual(["x/top", "x/tie-a", "x/tie-b", "x/low"]);
      expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    });

    it("static rank keeps whole-board ranks inside a filter; dynamic ranks within it", () => {
      expect(view(board, { types: ["chat"] }).rows.map((r) => r.rank)).toEqual([2, 4]);
      expect(view(board, { types: ["chat"], rank: "dynamic" }).rows.map((r) => r.rank)).toEqual([1, 2]);
    });

    it("averages over the visible benchmarks when asked, and ranks and sorts by that average", () => {
      const strongIfeval = row({ model: "y/ifeval", scores: [100, 0, 0, 0, 0, 0] });
      const balanced = row({ model: "y/balanced", scores: [30, 30, 30, 30, 30, 30] });
      const two = [strongIfeval, balanced];
      const all = view(two);
      expect(models(all.rows)).toEqual(["y/balanced", "y/ifeval"]);
      const visible = view(two, { average: "visible", benchmarks: ["ifeval", "bbh"] });
      expect(models(visible.rows)).toEqual(["y/ifeval", "y/balanced"]);
      expect(visible.rows.map((r) => r.average)).toEqual([50, 30]);
      expect(visible.rows.map((r) => r.rank)).toEqual([1, 2]);
      // Visible columns alone do not change the average unless average=visible.
      expect(view(two, { benchmarks: ["ifeval"] }).rows[0]?.average).toBe(30);
    });
  });

  describe("verification", () => {
    const first = row({ model: "v/first", scores: [80, 80, 80, 80, 80, 80] });
    const candidate = row({ model: "v/candidate", provisional: true, scores: [60, 60, 60, 60, 60, 60] });
    const third = row({ model: "v/third", scores: [40, 40, 40, 40, 40, 40] });
    const board = [third, candidate, first];

    it("the default view leaves provisional rows out, and its ranks count verified rows only", () => {
      const result = view(board);
      expect(models(result.rows)).toEqual(["v/first", "v/third"]);
      expect(result.rows.map((r) => r.rank)).toEqual([1, 2]);
      expect(result.total).toBe(2);
      expect(boardSizeFor(boardOf(board), q())).toBe(2);
    });

    it("verification=all ranks provisional rows among the rest, marked", () => {
      const result = view(board, { verification: "all" });
      expect(models(result.rows)).toEqual(["v/first", "v/candidate", "v/third"]);
      expect(result.rows.map((r) => [r.rank, r.row.provisional])).toEqual([
        [1, false],
        [2, true],
        [3, false],
      ]);
      expect(boardSizeFor(boardOf(board), q({ verification: "all" }))).toBe(3);
    });

    it("a provisional row cannot be pinned into the default view", () => {
      expect(models(view(board, { pinned: [candidate.id] }).rows)).toEqual(["v/first", "v/third"]);
    });
  });

  describe("sorting", () => {
    const p = row({ model: "s/p", params: 70, likes: 5, scores: [10, 80, 0, 0, 0, 0], raws: [0.9, 0.2, 0, 0, 0, 0] });
    const r = row({ model: "s/r", params: null, likes: 9, scores: [20, 60, 0, 0, 0, 0], raws: [0.5, 0.8, 0, 0, 0, 0] });
    const s = row({
      model: "S/q",
      params: 1,
      likes: 5,
      license: null,
      scores: [30, 70, 0, 0, 0, 0],
      raws: [0.1, 0.5, 0, 0, 0, 0],
    });
    const board = [p, r, s];

    it("sorts a benchmark by normalized or raw values as the scores setting says", () => {
      expect(models(view(board, { sort: "bbh" }).rows)).toEqual(["s/p", "S/q", "s/r"]);
      expect(models(view(board, { sort: "bbh", scores: "raw" }).rows)).toEqual(["s/r", "S/q", "s/p"]);
      expect(models(view(board, { sort: "ifeval", order: "asc", scores: "raw" }).rows)).toEqual(["S/q", "s/r", "s/p"]);
    });

    it("puts missing values last in both directions", () => {
      expect(models(view(board, { sort: "params" }).rows)).toEqual(["s/p", "S/q", "s/r"]);
      expect(models(view(board, { sort: "params", order: "asc" }).rows)).toEqual(["S/q", "s/p", "s/r"]);
      expect(models(view(board, { sort: "license", order: "asc" }).rows).at(-1)).toBe("S/q");
    });

    it("sorts text case-insensitively and breaks ties by average", () => {
      expect(models(view(board, { sort: "model", order: "asc" }).rows)).toEqual(["s/p", "S/q", "s/r"]);
      // p and s both have 5 likes: the better average (s: 100/6 vs p: 90/6) comes first in either order.
      expect(models(view(board, { sort: "likes" }).rows)).toEqual(["s/r", "S/q", "s/p"]);
      expect(models(view(board, { sort: "likes", order: "asc" }).rows)).toEqual(["S/q", "s/p", "s/r"]);
    });

    it("keeps ranks by average whatever the sort column", () => {
      // Averages: S/q 100/6, s/p 90/6, s/r 80/6; params put s/r (unknown) last.
      const result = view(board, { sort: "params", order: "asc" });
      expect(result.rows.map((x) => [x.row.model, x.rank])).toEqual([
        ["S/q", 1],
        ["s/p", 2],
        ["s/r", 3],
      ]);
    });

    it("accepts every sort key", () => {
      for (const sort of SORT_KEYS) {
        for (const order of ["asc", "desc"] as const) {
          expect(view(board, { sort, order }).total).toBe(3);
        }
      }
    });
  });

  describe("pinned rows and paging", () => {
    const rows = Array.from({ length: 10 }, (_, i) =>
      row({ id: `p${i}`, model: `pin/m${i}`, type: i % 2 ? "chat" : "pretrained", scores: Array(6).fill(100 - i) }),
    );

    it("puts pinned rows on top in pin order, whatever the filters, once each", () => {
      const result = view(rows, { types: ["chat"], pinned: ["p4", "p0", "p4", "nope"] });
      expect(models(result.rows)).toEqual(["pin/m4", "pin/m0", "pin/m1", "pin/m3", "pin/m5", "pin/m7", "pin/m9"]);
      expect(result.rows.map((r) => r.pinned)).toEqual([true, true, false, false, false, false, false]);
      expect(result.total).toBe(7);
    });

    it("gives a pinned row outside a dynamic view the rank it would have in it", () => {
      const result = view(rows, { types: ["chat"], rank: "dynamic", pinned: ["p4"] });
      expect(result.rows.map((r) => [r.row.id, r.rank])).toEqual([
        ["p4", 3],
        ["p1", 1],
        ["p3", 2],
        ["p5", 3],
        ["p7", 4],
        ["p9", 5],
      ]);
    });

    it("pages across pinned and unpinned rows", () => {
      const query = { pinned: ["p9"], limit: 3 };
      expect(models(view(rows, { ...query, offset: 0 }).rows)).toEqual(["pin/m9", "pin/m0", "pin/m1"]);
      expect(models(view(rows, { ...query, offset: 3 }).rows)).toEqual(["pin/m2", "pin/m3", "pin/m4"]);
      expect(models(view(rows, { ...query, offset: 9 }).rows)).toEqual(["pin/m8"]);
      expect(view(rows, { ...query, offset: 50 })).toEqual({ rows: [], total: 10 });
    });
  });

  describe("on the real board", () => {
    const data = demoData();
    const byId = new Map(data.models.map((m) => [m.id, m]));
    const board: CompactRow[] = data.evaluations.map((e) => {
      const m = byId.get(e.modelId)!;
      return {
        id: e.seedId,
        model: m.id,
        revision: e.revision,
        type: e.type,
        architecture: e.architecture,
        params: e.paramsBillions,
        license: m.license,
        likes: m.likes,
        precision: e.precision,
        weightType: e.weightType,
        chatTemplate: e.chatTemplate,
        merged: m.merged,
        moe: m.moe,
        flagged: m.flagged,
        official: m.officialProvider,
        available: m.availableOnHub,
        baseModel: m.baseModel,
        generation: m.generation,
        uploadDate: m.uploadDate,
        submissionDate: e.submissionDate,
        co2: e.co2Kg,
        flagReason: null,
        provisional: false,
        average: e.average,
        raw: BENCHMARK_KEYS.map((k) => e.scores[k].raw),
        normalized: BENCHMARK_KEYS.map((k) => e.scores[k].normalized),
        ...errorArrays(seededErrors(e.scores)),
      };
    });
    const columns = boardOf(board);

    it("answers the reference example `meta @architecture:llama; 7b @license:apache` exactly", () => {
      const result = applyBoard(columns, q({ search: "meta @architecture:llama; 7b @license:apache", limit: 10_000 }));
      const expected = board.filter(
        (r) =>
          (r.model.toLowerCase().includes("meta") && (r.architecture ?? "").toLowerCase().includes("llama")) ||
          (r.model.toLowerCase().includes("7b") && (r.license ?? "").toLowerCase().includes("apache")),
      );
      expect(result.total).toBe(expected.length);
      expect(new Set(result.rows.map((r) => r.row.id))).toEqual(new Set(expected.map((r) => r.id)));
      expect(result.rows.some((r) => r.row.model.startsWith("meta-llama/"))).toBe(true);
      expect(result.rows.some((r) => !r.row.model.toLowerCase().includes("meta"))).toBe(true);
      const averages = result.rows.map((r) => r.average as number);
      expect(averages).toEqual([...averages].sort((x, y) => y - x));
    });

    it("keeps the whole-board rank of the old data (ties shared) and numbers a dynamic view from 1", () => {
      const all = applyBoard(columns, q({ limit: 500 }));
      expect(all.total).toBe(4576);
      expect(all.rows[0]?.row.model).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
      for (const r of all.rows) {
        const better = board.filter((x) => (x.average as number) > (r.average as number)).length;
        expect(r.rank).toBe(better + 1);
      }
      const qwen = applyBoard(columns, q({ search: "qwen", rank: "dynamic" }));
      expect(qwen.rows[0]?.rank).toBe(1);
      expect(qwen.rows.every((r) => r.row.model.toLowerCase().includes("qwen"))).toBe(true);
    });

    it("gives the same answer on repeated queries against the same array (cached per-board work)", () => {
      const query = q({ sort: "mmlu_pro", scores: "raw", types: ["chat"], limit: 50 });
      expect(applyBoard(columns, query)).toEqual(applyBoard(columns, query));
      expect(applyBoard(boardOf([...board]), query)).toEqual(applyBoard(columns, query));
    });

    it("handles a board of 50,000 rows", () => {
      const big: CompactRow[] = [];
      for (let k = 0; big.length < 50_000; k++)
        for (const r of board) big.push({ ...r, id: `${r.id}#${k}`, model: `${r.model}-${k}` });
      const result = applyBoard(boardOf(big), q({ search: "llama", hide: ["merged"], limit: 5 }));
      expect(result.rows).toHaveLength(5);
      expect(result.total).toBeGreaterThan(1000);
    });
  });
});

describe("board query URL parameters", () => {
  describe("happy", () => {
    it("reads every parameter", () => {
      const params = new URLSearchParams({
        as_of: "2024-09-01",
        search: " meta @architecture:llama ",
        types: "chat,pretrained",
        precision: "bfloat16",
        params: "7,65",
        hide: "moe,merged",
        official: "true",
        verification: "all",
        sort: "bbh",
        order: "asc",
        scores: "raw",
        rank: "dynamic",
        average: "visible",
        benchmarks: "musr,ifeval",
        columns: "likes,type",
        pinned: "a,b",
        limit: "20",
        offset: "40",
      });
      expect(boardQueryFromParams(params)).toEqual({
        ok: true,
        query: {
          asOf: "2024-09-01",
          search: "meta @architecture:llama",
          types: ["pretrained", "chat"],
          precision: ["bfloat16"],
          paramsMin: 7,
          paramsMax: 65,
          hide: ["merged", "moe"],
          official: true,
          verification: "all",
          sort: "bbh",
          order: "asc",
          scores: "raw",
          rank: "dynamic",
          average: "visible",
          benchmarks: ["ifeval", "musr"],
          columns: ["type", "likes"],
          pinned: ["a", "b"],
          limit: 20,
          offset: 40,
        },
      });
    });

    it("gives the default query for no parameters and writes it as an empty query string", () => {
      const result = boardQueryFromParams(new URLSearchParams());
      expect(result).toEqual({ ok: true, query: { ...DEFAULT_BOARD_QUERY } });
      expect(boardQueryToParams(defaultBoardQuery()).toString()).toBe("");
      expect(isDefaultView(defaultBoardQuery())).toBe(true);
    });

    it("reads open-ended params ranges and repeated list parameters", () => {
      const r = boardQueryFromParams(new URLSearchParams("params=,3&types=chat&types=merge"));
      expect(r.ok && [r.query.paramsMin, r.query.paramsMax, r.query.types]).toEqual([null, 3, ["chat", "merge"]]);
    });

    it("writes only what differs from the default, in a fixed order", () => {
      const query = q({ offset: 100, types: ["chat"], search: "qwen", paramsMin: 7 });
      expect(boardQueryToParams(query).toString()).toBe("search=qwen&types=chat&params=7%2C&offset=100");
    });

    it("round-trips any query through its URL exactly", () => {
      const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
      const day = fc
        .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
      const arbitrary = fc.record({
        asOf: fc.option(day, { nil: null }),
        search: fc.constantFrom("", "meta", "meta @architecture:llama; 7b @license:apache", "^qwen.*7b$"),
        types: subset(MODEL_TYPES),
        precision: subset(PRECISIONS),
        paramsMin: fc.option(fc.integer({ min: 0, max: 70 }), { nil: null }),
        paramsMax: fc.option(fc.integer({ min: 70, max: 200 }), { nil: null }),
        hide: subset(HIDE_KEYS),
        official: fc.boolean(),
        verification: fc.constantFrom("verified" as const, "all" as const),
        sort: fc.constantFrom(...SORT_KEYS),
        order: fc.constantFrom("asc" as const, "desc" as const),
        scores: fc.constantFrom("raw" as const, "normalized" as const),
        rank: fc.constantFrom("static" as const, "dynamic" as const),
        average: fc.constantFrom("all" as const, "visible" as const),
        benchmarks: fc.subarray([...BENCHMARK_KEYS], { minLength: 1 }),
        columns: subset(COLUMN_KEYS),
        pinned: fc.uniqueArray(fc.stringMatching(/^[a-z0-9:/_.-]{1,20}$/), { maxLength: 5 }),
        limit: fc.integer({ min: 1, max: 500 }),
        offset: fc.integer({ min: 0, max: 10_000 }),
      });
      fc.assert(
        fc.property(arbitrary, (query) => {
          const url = boardQueryToParams(query).toString();
          expect(boardQueryFromParams(new URLSearchParams(url))).toEqual({ ok: true, query });
        }),
      );
    });

    it("calls a view the front view only without filters, pins or another order", () => {
      expect(isDefaultView(q({ limit: 10, offset: 30, scores: "raw", columns: ["likes"] }))).toBe(true);
      expect(isDefaultView(q({ average: "visible" }))).toBe(true);
      expect(isDefaultView(q({ average: "visible", benchmarks: ["bbh"] }))).toBe(false);
      expect(isDefaultView(q({ rank: "dynamic" }))).toBe(false);
      expect(isDefaultView(q({ pinned: ["x"] }))).toBe(false);
      expect(isDefaultView(q({ order: "asc" }))).toBe(false);
      expect(isDefaultView(q({ search: "x" }))).toBe(false);
      expect(isDefaultView(q({ asOf: "2024-09-01" }))).toBe(false);
    });

    it("reads as_of as a day of the calendar, an empty one as today, and writes it first", () => {
      const read = (value: string) => {
        const r = boardQueryFromParams(new URLSearchParams({ as_of: value }));
        return r.ok ? r.query.asOf : r.message;
      };
      expect(read("2024-09-01")).toBe("2024-09-01");
      expect(read(" 2024-02-29 ")).toBe("2024-02-29");
      expect(read("0024-01-31")).toBe("0024-01-31");
      expect(read("")).toBeNull();
      expect(boardQueryToParams(q({ asOf: "2024-09-01", pinned: ["a"] })).toString()).toBe("as_of=2024-09-01&pinned=a");
    });
  });

  describe("errors", () => {
    it.each([
      ["as_of", "2024-9-1", /YYYY-MM-DD/],
      ["as_of", "2023-02-29", /day of the calendar/],
      ["as_of", "2024-13-01", /day of the calendar/],
      ["as_of", "2024-04-31", /day of the calendar/],
      ["as_of", "today", /YYYY-MM-DD/],
      ["as_of", "2024-09-01T00:00", /YYYY-MM-DD/],
      ["search", "llama(", /not a valid regular expression/],
      ["search", "@size:7b", /unknown search prefix/],
      ["types", "chat,robot", /"robot" is not one of/],
      ["precision", "fp8", /"fp8" is not one of/],
      ["params", "7", /min,max/],
      ["params", "a,b", /non-negative numbers/],
      ["params", "-1,5", /non-negative numbers/],
      ["params", "65,7", /min must not exceed max/],
      ["hide", "ugly", /not one of/],
      ["official", "yes", /true or false/],
      ["sort", "rank", /must be one of/],
      ["order", "up", /must be one of asc, desc/],
      ["scores", "percent", /must be one of/],
      ["rank", "random", /must be one of/],
      ["average", "median", /must be one of/],
      ["benchmarks", "mmlu", /not one of/],
      ["benchmarks", ",", /at least one/],
      ["columns", "secret", /not one of/],
      ["pinned", Array.from({ length: 51 }, (_, i) => `id${i}`).join(","), /at most 50/],
      ["limit", "0", /1 to 500/],
      ["limit", "501", /1 to 500/],
      ["limit", "ten", /1 to 500/],
      ["offset", "-1", /non-negative integer/],
      ["offset", "1.5", /non-negative integer/],
    ])("refuses %s=%s naming the parameter", (parameter, value, message) => {
      const result = boardQueryFromParams(new URLSearchParams({ [parameter]: value }));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.parameter).toBe(parameter);
        expect(result.message).toMatch(message);
      }
    });
  });
});
