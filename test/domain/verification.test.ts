import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareScores,
  currentRuns,
  type GroupRun,
  judgePush,
  placeRuns,
  reproductionPlan,
  shownRun,
  type Verification,
  VERIFICATIONS,
} from "../../worker/domain/verification";

const BASE = [50, 40, 30, 20, 10, 35];
/** The base scores with `d` points added to MMLU-PRO (the last benchmark). */
const off = (d: number) => [...BASE.slice(0, 5), 35 + d];

/** A full run: id, who pushed it (null: the seed), its verification, when; scores `d` points off the base. */
function run(id: string, by: string | null, verification: Verification, at: number, d = 0): GroupRun {
  return { id, evaluatorId: by, full: true, createdAt: at, verification, scores: off(d) };
}
const partial = (id: string, by: string, at: number): GroupRun => ({ ...run(id, by, "provisional", at), full: false });

describe("compareScores", () => {
  it("agrees when every benchmark is within the tolerance, and gives a − b per benchmark", () => {
    const a = [50, 40.5, 30, 20, 10, 35];
    const b = [49.2, 40, 30.9, 20, 10, 36];
    const { differences, agreed } = compareScores(a, b, 1);
    expect(agreed).toBe(true);
    expect(differences.ifeval).toBeCloseTo(0.8, 12);
    expect(differences.bbh).toBeCloseTo(0.5, 12);
    expect(differences.math).toBeCloseTo(-0.9, 12);
    expect(differences.mmlu_pro).toBeCloseTo(-1, 12);
  });

  it("a difference of exactly the tolerance agrees even when floating point makes it a hair more", () => {
    // 32.7 − 31.7 is 1.0000000000000036 in binary floating point.
    expect(32.7 - 31.7).toBeGreaterThan(1);
    expect(compareScores([32.7, 0, 0, 0, 0, 0], [31.7, 0, 0, 0, 0, 0], 1).agreed).toBe(true);
  });

  it("one benchmark over the tolerance, or a missing score, is a disagreement", () => {
    expect(compareScores(off(0), off(1.01), 1).agreed).toBe(false);
    expect(compareScores(off(0), off(-1.5), 1).agreed).toBe(false);
    const missing = compareScores([...BASE.slice(0, 5), null], BASE, 1);
    expect(missing).toMatchObject({ agreed: false, differences: { mmlu_pro: null } });
  });

  it("is symmetric in agreement and antisymmetric in differences", () => {
    const scores = fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(scores, scores, fc.double({ min: 0, max: 5, noNaN: true }), (a, b, t) => {
        const ab = compareScores(a, b, t);
        const ba = compareScores(b, a, t);
        expect(ab.agreed).toBe(ba.agreed);
        for (const k of Object.keys(ab.differences) as (keyof typeof ab.differences)[]) {
          expect((ab.differences[k] as number) + (ba.differences[k] as number)).toBeCloseTo(0, 9);
        }
      }),
    );
  });
});

describe("which run a row shows", () => {
  // [case, runs, shown id or null, candidate id or null]
  const cases: Array<[string, GroupRun[], string | null, string | null]> = [
    ["a seed alone", [run("s", null, "seed", 1)], "s", null],
    ["a provisional run alone is a candidate, not shown", [run("p", "A", "provisional", 1)], null, "p"],
    [
      "the newest trusted run beats an earlier seed",
      [run("s", null, "seed", 1), run("t", "T", "trusted", 2)],
      "t",
      null,
    ],
    ["the newest of two trusted runs", [run("t1", "T", "trusted", 1), run("t2", "U", "trusted", 2)], "t2", null],
    [
      "an accepted run counts as vouched, newest first",
      [run("t", "T", "trusted", 1), run("a", "A", "accepted", 2)],
      "a",
      null,
    ],
    [
      "else the earliest reproduced or seed run",
      [run("r1", "A", "reproduced", 1), run("r2", "B", "reproduced", 2)],
      "r1",
      null,
    ],
    ["a seed before a later reproduced run", [run("s", null, "seed", 1), run("r", "A", "reproduced", 2)], "s", null],
    [
      "an evaluator's newer run replaces its own verified one, not another's",
      [run("r1", "A", "reproduced", 1), run("q", "B", "reproduced", 2), run("r2", "A", "disputed", 3)],
      "q",
      null,
    ],
    [
      "a disputed or rejected run is never shown",
      [run("d", "A", "disputed", 1), run("x", "B", "rejected", 2)],
      null,
      null,
    ],
    [
      "a rejected newer run gives the evaluator's older run back",
      [run("r1", "A", "reproduced", 1), run("r2", "A", "rejected", 2)],
      "r1",
      null,
    ],
    ["partial runs are never shown", [partial("p1", "A", 1), run("s", null, "seed", 0)], "s", null],
    [
      "a provisional run is not listed while the group has a verified run",
      [run("s", null, "seed", 1), run("p", "A", "provisional", 2)],
      "s",
      null,
    ],
    [
      "the newest current provisional run is the candidate",
      [run("p1", "A", "provisional", 1), run("p2", "B", "provisional", 2), run("d", "C", "disputed", 3)],
      null,
      "p2",
    ],
    ["ties in time fall to the id", [run("b", "T", "trusted", 5), run("a", "U", "trusted", 5)], "b", null],
  ];
  it.each(cases)("%s", (_, runs, shown, candidate) => {
    expect(shownRun(runs)?.id ?? null).toBe(shown);
    const places = placeRuns(runs);
    for (const r of runs) {
      const expected = !r.full
        ? "partial"
        : r.id === shown
          ? "ranked"
          : r.id === candidate
            ? "candidate"
            : "superseded";
      expect(places.get(r.id), r.id).toBe(expected);
    }
  });

  it("at most one run of a group is on the board, whatever the group (fuzzed)", () => {
    const runs = fc.array(
      fc.record({
        by: fc.constantFrom<string | null>(null, "A", "B", "C"),
        verification: fc.constantFrom(...VERIFICATIONS),
        at: fc.nat(20),
        full: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(runs, (specs) => {
        const group = specs.map((s, i) => ({ ...run(`r${i}`, s.by, s.verification, s.at), full: s.full }));
        const places = [...placeRuns(group).values()];
        expect(places.filter((p) => p === "ranked" || p === "candidate").length).toBeLessThanOrEqual(1);
        const shown = shownRun(group);
        if (shown) {
          expect(["seed", "trusted", "reproduced", "accepted"]).toContain(shown.verification);
          expect(shown.full).toBe(true);
          // The shown run is its source's newest non-rejected full run.
          const mine = group.filter(
            (r) => r.evaluatorId === shown.evaluatorId && r.full && r.verification !== "rejected",
          );
          expect(
            mine.every((r) => r.createdAt < shown.createdAt || (r.createdAt === shown.createdAt && r.id <= shown.id)),
          ).toBe(true);
        }
        expect(new Set(currentRuns(group).map((r) => r.evaluatorId)).size).toBe(currentRuns(group).length);
      }),
    );
  });
});

describe("judging a pushed run", () => {
  // [case, group, pushed, target, its verification, changes of the others, flagged evaluators]
  const cases: Array<
    [string, GroupRun[], GroupRun, string | undefined, Verification, Record<string, Verification>, string[]]
  > = [
    ["alone, a community run stays provisional", [], run("n", "A", "provisional", 9), undefined, "provisional", {}, []],
    ["alone, a trusted run stays trusted", [], run("n", "T", "trusted", 9), undefined, "trusted", {}, []],
    [
      "a second evaluator's agreeing run makes both reproduced",
      [run("p", "A", "provisional", 1)],
      run("n", "B", "provisional", 9, 0.6),
      undefined,
      "reproduced",
      { p: "reproduced" },
      [],
    ],
    [
      "two unverified runs that disagree are both disputed",
      [run("p", "A", "provisional", 1)],
      run("n", "B", "provisional", 9, 3),
      undefined,
      "disputed",
      { p: "disputed" },
      [],
    ],
    [
      "an evaluator never reproduces its own run",
      [run("p", "A", "provisional", 1)],
      run("n", "A", "provisional", 9),
      undefined,
      "provisional",
      {},
      [],
    ],
    [
      "agreeing with a verified run makes a run reproduced",
      [run("s", null, "seed", 1)],
      run("n", "A", "provisional", 9, -0.9),
      undefined,
      "reproduced",
      {},
      [],
    ],
    [
      "disagreeing with a verified run disputes the newcomer only",
      [run("r1", "A", "reproduced", 1), run("r2", "B", "reproduced", 2)],
      run("n", "C", "provisional", 9, 1.5),
      undefined,
      "disputed",
      {},
      [],
    ],
    [
      "a trusted run that agrees keeps its standing and reproduces a provisional one",
      [run("p", "A", "provisional", 1)],
      run("n", "T", "trusted", 9, 0.2),
      undefined,
      "trusted",
      { p: "reproduced" },
      [],
    ],
    [
      "a trusted run that disagrees with a provisional run disputes it and is flagged",
      [run("p", "A", "provisional", 1)],
      run("n", "T", "trusted", 9, 2),
      undefined,
      "trusted",
      { p: "disputed" },
      ["T"],
    ],
    [
      "a trusted run that disagrees with the seed is disputed and flagged",
      [run("s", null, "seed", 1)],
      run("n", "T", "trusted", 9, 2),
      undefined,
      "disputed",
      {},
      ["T"],
    ],
    [
      "an audit that disagrees with a trusted run flags its evaluator",
      [run("t", "T", "trusted", 1)],
      run("n", "A", "provisional", 9, -4),
      "t",
      "disputed",
      {},
      ["T"],
    ],
    [
      "a reproduction job compares with the run it names, not the shown one",
      [run("t1", "T", "trusted", 1), run("t2", "U", "trusted", 2, 5)],
      run("n", "A", "provisional", 9),
      "t1",
      "reproduced",
      {},
      [],
    ],
    [
      "a job naming a run that is gone falls back to the shown run",
      [run("old", "A", "provisional", 1), run("new", "A", "provisional", 2, 5), run("s", null, "seed", 0)],
      run("n", "B", "provisional", 9),
      "old",
      "reproduced",
      { new: "disputed" },
      [],
    ],
    [
      "disputed and rejected runs are not compared with",
      [run("d", "A", "disputed", 1, 9), run("x", "B", "rejected", 2, 9)],
      run("n", "C", "provisional", 9),
      undefined,
      "provisional",
      {},
      [],
    ],
    [
      "agreeing with a provisional run while disagreeing with a verified one is a dispute; the provisional run stays",
      [run("s", null, "seed", 1), run("p", "A", "provisional", 2, 3)],
      run("n", "B", "provisional", 9, 3),
      undefined,
      "disputed",
      {},
      [],
    ],
    [
      "a partial run is compared with nothing",
      [run("p", "A", "provisional", 1)],
      partial("n", "B", 9),
      undefined,
      "provisional",
      {},
      [],
    ],
  ];
  it.each(cases)("%s", (_, group, pushed, target, verification, changes, flagged) => {
    const judged = judgePush(group, pushed, 1, target);
    expect(judged.verification).toBe(verification);
    expect(Object.fromEntries(judged.changes.map((c) => [c.id, c.verification]))).toEqual(changes);
    expect(judged.flagged.map((f) => f.evaluatorId).sort()).toEqual(flagged);
    for (const c of judged.comparisons) {
      expect(c.runId).toBe(pushed.id);
      const other = group.find((r) => r.id === c.comparedId) as GroupRun;
      expect(other.evaluatorId).not.toBe(pushed.evaluatorId);
      expect(c.agreed).toBe(compareScores(pushed.scores, other.scores, 1).agreed);
    }
  });

  it("never compares a run with its own evaluator's, and never lowers a verified run (fuzzed)", () => {
    const spec = fc.record({
      by: fc.constantFrom<string | null>(null, "A", "B", "C"),
      verification: fc.constantFrom(...VERIFICATIONS),
      d: fc.constantFrom(0, 0.5, 2, -3),
    });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), fc.constantFrom("A", "B"), fc.boolean(), (specs, by, trusted) => {
        const group = specs.map((s, i) => run(`r${i}`, s.by, s.verification, i, s.d));
        const pushed = run("n", by, trusted ? "trusted" : "provisional", 100);
        const judged = judgePush(group, pushed, 1);
        for (const c of judged.comparisons) {
          expect(group.find((r) => r.id === c.comparedId)?.evaluatorId).not.toBe(by);
        }
        for (const change of judged.changes) {
          expect(group.find((r) => r.id === change.id)?.verification).toBe("provisional");
        }
        expect(["trusted", "provisional", "reproduced", "disputed"]).toContain(judged.verification);
      }),
    );
  });
});

describe("reproduction jobs of a group", () => {
  it("a current provisional run without a job gets one; one with a job does not", () => {
    const group = [run("p", "A", "provisional", 1), run("q", "B", "provisional", 2)];
    const jobs = [{ id: "j", target: "p", status: "PENDING" as const }];
    expect(reproductionPlan(group, jobs, new Set())).toEqual({ close: [], open: ["q"] });
  });

  it("a waiting job whose run was reproduced, replaced or rejected is closed; a claimed one never", () => {
    const group = [
      run("r", "A", "reproduced", 1),
      run("old", "B", "provisional", 2),
      run("new", "B", "provisional", 3),
      run("x", "C", "rejected", 4),
    ];
    const jobs = [
      { id: "j-r", target: "r", status: "PENDING" as const },
      { id: "j-old", target: "old", status: "PENDING" as const },
      { id: "j-x", target: "x", status: "PENDING" as const },
      { id: "j-running", target: "old", status: "RUNNING" as const },
    ];
    expect(reproductionPlan(group, jobs, new Set())).toEqual({ close: ["j-r", "j-old", "j-x"], open: ["new"] });
  });

  it("an audit job opens for a drawn trusted run and closes once another run was compared with it", () => {
    const group = [run("t", "T", "trusted", 1)];
    expect(reproductionPlan(group, [], new Set(), ["t"])).toEqual({ close: [], open: ["t"] });
    const audit = [{ id: "a", target: "t", status: "PENDING" as const }];
    expect(reproductionPlan(group, audit, new Set())).toEqual({ close: [], open: [] });
    expect(reproductionPlan(group, audit, new Set(["t"]))).toEqual({ close: ["a"], open: [] });
  });
});
