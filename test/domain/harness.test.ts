import { describe, expect, it } from "vitest";
import fixtureText from "../fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json?raw";
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import {
  interpretCompleted,
  parseModelArgs,
  precisionOf,
  type InterpretedEvaluation,
} from "../../worker/domain/harness/interpret";
import { parseEvaluatorEvent, parseHarnessJson, type CompletedEvent } from "../../worker/domain/harness/events";
import { demoData } from "../support/demo";
import { completedEvent, harnessFromRow, harnessResults, uniformBbh } from "../support/harness";

/** Parses a message body as the endpoint does and interprets its completed run. */
function interpret(body: unknown) {
  const parsed = parseEvaluatorEvent(JSON.parse(JSON.stringify(body)));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return interpretCompleted((parsed.event as CompletedEvent).data);
}

function evaluationOf(body: unknown): InterpretedEvaluation {
  const result = interpret(body);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.evaluation;
}

const rows = demoData().evaluations;

describe("reproducing the old leaderboard from a results file", () => {
  it("reproduces a real row's normalized GPQA, MATH, MMLU-PRO, IFEval and its average to 1e-9", () => {
    const row = rows.find((r) => r.modelId === "01-ai/Yi-1.5-34B" && r.precision === "bfloat16");
    expect(row).toBeDefined();
    const e = evaluationOf(completedEvent(harnessFromRow(row!)));
    expect(e.status).toBe("ranked");
    expect(e.model).toEqual({
      id: "01-ai/Yi-1.5-34B",
      revision: "4b486f81c935a2dadde84c6baa1e1370d40a098f",
      precision: "bfloat16",
      weightType: "Original",
      modelType: null,
      baseModel: null,
      chatTemplate: false,
      paramsBillions: 7.241732096,
    });
    for (const key of ["gpqa", "math", "mmlu_pro", "ifeval"] as const) {
      expect(Math.abs(e.scores[key]!.normalized - row!.scores[key].normalized)).toBeLessThan(1e-9);
      expect(Math.abs(e.scores[key]!.raw - row!.scores[key].raw)).toBeLessThan(1e-9);
    }
    expect(e.scores.gpqa!.normalized).toBeCloseTo(15.4362416107383, 9);
    expect(e.scores.mmlu_pro!.normalized).toBeCloseTo(40.732121749409, 9);
    expect(Math.abs(e.average! - 25.6464941942931)).toBeLessThan(1e-9);
  });

  it("does the same for every one of the 4,576 rows of the final data", () => {
    let worst = 0;
    for (const row of rows) {
      // The parse step is the same for every row (covered above); interpret directly to keep this fast.
      const result = interpretCompleted({ lm_eval: harnessFromRow(row) } as CompletedEvent["data"]);
      if (!result.ok) throw new Error(`${row.seedId}: ${JSON.stringify(result.problems)}`);
      const e = result.evaluation;
      for (const key of ["gpqa", "math", "mmlu_pro", "ifeval"] as const) {
        worst = Math.max(worst, Math.abs(e.scores[key]!.normalized - row.scores[key].normalized));
      }
      worst = Math.max(worst, Math.abs(e.average! - row.average));
    }
    expect(rows).toHaveLength(4576);
    expect(worst).toBeLessThan(1e-9);
  }, 60_000);

  it("takes BBH as the unweighted mean of clipped subtask scores, never the size-weighted group row", () => {
    const bbh = uniformBbh(0);
    // 2 choices (baseline 1/2): 0.75 → 50 each, 8 subtasks.
    for (const k of [
      "sports_understanding",
      "navigate",
      "snarks",
      "web_of_lies",
      "hyperbaton",
      "causal_judgement",
      "formal_fallacies",
      "boolean_expressions",
    ])
      bbh[k] = 0.75;
    // 3 choices: 0.2 is below 1/3 → clipped to 0.
    for (const k of ["tracking_shuffled_objects_three_objects", "disambiguation_qa", "logical_deduction_three_objects"])
      bbh[k] = 0.2;
    bbh.temporal_sequences = 0.625; // 4 choices → 50
    for (const k of ["logical_deduction_five_objects", "penguins_in_a_table", "tracking_shuffled_objects_five_objects"])
      bbh[k] = 0.6; // 5 → 50
    for (const k of ["date_understanding", "movie_recommendation", "salient_translation_error_detection", "ruin_names"])
      bbh[k] = 1; // → 100
    for (const k of ["logical_deduction_seven_objects", "tracking_shuffled_objects_seven_objects"]) bbh[k] = 1 / 7; // → 0
    bbh.geometric_shapes = 0; // → 0
    bbh.reasoning_about_colored_objects = 1; // → 100
    bbh.object_counting = 1; // → 100
    const file = harnessResults({ bbh });
    const e = evaluationOf(completedEvent(file));
    // By hand: (8×50 + 3×0 + 50 + 3×50 + 4×100 + 2×0 + 0 + 100 + 100) / 24 = 1200 / 24.
    expect(e.scores.bbh!.normalized).toBeCloseTo(50, 9);
    // Raw: (8×0.75 + 3×0.2 + 0.625 + 3×0.6 + 4×1 + 2/7 + 0 + 1 + 1) / 24.
    expect(e.scores.bbh!.raw).toBeCloseTo((6 + 0.6 + 0.625 + 1.8 + 4 + 2 / 7 + 2) / 24, 12);
    expect(file.results.leaderboard_bbh["acc_norm,none"]).not.toBeCloseTo(e.scores.bbh!.raw, 3);
  });

  it("takes MuSR as the unweighted mean of the three clipped subtasks", () => {
    const file = harnessResults({ musr: { murder_mysteries: 0.4, object_placements: 0.6, team_allocation: 2 / 3 } });
    const e = evaluationOf(completedEvent(file));
    // murder 0.4 < 0.5 → 0; placements (0.6−0.2)/0.8 → 50; team (2/3−1/3)/(2/3) → 50.
    expect(e.scores.musr!.normalized).toBeCloseTo(100 / 3, 9);
    expect(e.scores.musr!.raw).toBeCloseTo((0.4 + 0.6 + 2 / 3) / 3, 12);
    expect(file.results.leaderboard_musr["acc_norm,none"]).not.toBeCloseTo(e.scores.musr!.raw, 4);
  });

  it("averages the six normalized scores", () => {
    const e = evaluationOf(completedEvent(harnessResults()));
    const six = BENCHMARKS.map((b) => e.scores[b.key]!.normalized);
    expect(e.average).toBeCloseTo(six.reduce((a, b) => a + b) / 6, 12);
    expect(e.co2Kg).toBeCloseTo(1.51088, 9);
  });
});

describe("the real --limit 1 run (qwen3-8b-leaderboard-limit1.json)", () => {
  const fixture = JSON.parse(fixtureText);
  const e = evaluationOf(completedEvent(fixture));

  it("is partial, with the reasons in words", () => {
    expect(e.status).toBe("partial");
    expect(e.provenance.partialReasons[0]).toBe("run with --limit 1");
    expect(e.provenance.partialReasons).toContain("leaderboard_mmlu_pro: 1 of 12032 samples");
    expect(e.provenance.limit).toBe(1);
  });

  it("identifies the model from config: pretrained=, model_sha and load_in_4bit", () => {
    expect(e.model.id).toBe("Qwen/Qwen3-8B");
    expect(e.model.revision).toBe("b968826d9c46dd6066d109eabc6255188de91218");
    expect(e.model.precision).toBe("4bit");
    expect(e.model.chatTemplate).toBe(false);
  });

  it("normalizes with the baselines, unlike the file's own third-party normalized_scores block", () => {
    // GPQA group 1/3 → (1/3 − 1/4) / (3/4) × 100.
    expect(e.scores.gpqa!.normalized).toBeCloseTo(100 / 9, 9);
    expect(fixture.normalized_scores.normalized_leaderboard_gpqa).not.toBeCloseTo(100 / 9, 3);
    // 14 of the 24 BBH subtasks answered their one sample right: each normalizes to 100, the others to 0.
    expect(e.scores.bbh!.normalized).toBeCloseTo((14 * 100) / 24, 9);
    // MuSR: murder 1 → 100, placements 0 → 0, team 1 → 100.
    expect(e.scores.musr!.normalized).toBeCloseTo(200 / 3, 9);
    expect(e.scores.mmlu_pro!.normalized).toBe(100);
    expect(e.scores.math!.normalized).toBeCloseTo(200 / 7, 9);
    expect(e.scores.ifeval!.normalized).toBeCloseTo(100 / 6, 9);
  });

  it("keeps every subtask's value with its stderr, N/A as null, and the provenance", () => {
    expect(e.subtasks.leaderboard_bbh_snarks).toEqual({ metric: "acc_norm,none", value: 1, stderr: null });
    expect(e.subtasks.leaderboard_gpqa_diamond).toEqual({ metric: "acc_norm,none", value: 0, stderr: null });
    expect(e.subtasks["leaderboard_ifeval:inst_level_strict_acc,none"]).toMatchObject({ value: 1 / 3 });
    expect(e.subtasks["leaderboard_math_algebra_hard:exact_match_original,none"]).toMatchObject({ value: 1 });
    expect(Object.keys(e.subtasks).filter((k) => k.startsWith("leaderboard_bbh_"))).toHaveLength(24);
    expect(e.provenance).toMatchObject({
      harnessVersion: "0.4.9.1",
      harnessGitHash: "3e091a1",
      transformersVersion: "4.57.0",
      modelArgs: "pretrained=Qwen/Qwen3-8B,load_in_4bit=True",
      batchSize: "1",
      evaluationSeconds: null,
      evaluatedAt: "2025-10-09T15:03:15.979Z",
    });
    expect(e.provenance.nShot.leaderboard_mmlu_pro).toBe(5);
    expect(e.co2Kg).toBe(-1);
  });
});

describe("partial runs", () => {
  it("a missing benchmark makes the run partial with no score for it and no average", () => {
    const e = evaluationOf(completedEvent(harnessResults({ omit: ["musr"] })));
    expect(e.status).toBe("partial");
    expect(e.scores.musr).toBeNull();
    expect(e.average).toBeNull();
    expect(e.provenance.partialReasons).toEqual([
      "missing MuSR: leaderboard_musr_murder_mysteries acc_norm,none; leaderboard_musr_object_placements acc_norm,none; leaderboard_musr_team_allocation acc_norm,none",
    ]);
  });

  it("a run that evaluated fewer samples than a task has is partial even without config.limit", () => {
    const file = harnessResults();
    file["n-samples"].leaderboard_bbh_snarks.effective = 100;
    const e = evaluationOf(completedEvent(file));
    expect(e.status).toBe("partial");
    expect(e.provenance.partialReasons).toEqual(["leaderboard_bbh_snarks: 100 of 178 samples"]);
  });
});

describe("model identity", () => {
  it("takes data.model over the results file", () => {
    const e = evaluationOf(
      completedEvent(harnessResults(), {
        model: {
          id: "other/model",
          revision: "abc",
          precision: "float16",
          weight_type: "Adapter",
          model_type: "chat",
          base_model: "base/model",
          chat_template: true,
        },
      }),
    );
    expect(e.model).toEqual({
      id: "other/model",
      revision: "abc",
      precision: "float16",
      weightType: "Adapter",
      modelType: "chat",
      baseModel: "base/model",
      chatTemplate: true,
      paramsBillions: 7.241732096,
    });
  });

  it("reads the size the harness counted, and none from a file without a count or with a nonsense one", () => {
    expect(evaluationOf(completedEvent(harnessResults({ parameters: 3_607_000_000 }))).model.paramsBillions).toBe(
      3.607,
    );
    expect(evaluationOf(completedEvent(harnessResults({ parameters: null }))).model.paramsBillions).toBeNull();
    for (const count of [-5, 0, "7B"]) {
      const file = harnessResults();
      file.config.model_num_parameters = count;
      expect(evaluationOf(completedEvent(file)).model.paramsBillions, String(count)).toBeNull();
    }
  });

  it("records a chat-template run: the template, its sha and few-shot as multiturn", () => {
    const e = evaluationOf(
      completedEvent(harnessResults({ chatTemplate: "{% for m in messages %}{{ m.content }}{% endfor %}" })),
    );
    expect(e.model.chatTemplate).toBe(true);
    expect(e.provenance).toMatchObject({
      chatTemplate: "{% for m in messages %}{{ m.content }}{% endfor %}",
      chatTemplateSha: "4f1c0a7e5d8b9c2a3e6f7d1b0c9a8e7f6d5c4b3a2e1f0d9c8b7a6e5f4d3c2b1a",
      fewshotAsMultiturn: true,
    });
  });

  it("names each field neither gives", () => {
    const file = harnessResults();
    file.config.model_args = "dtype=float32";
    file.config.model_sha = null;
    file.config.model_dtype = "torch.float32";
    file.model_name = null;
    const result = interpret(completedEvent(file));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual([
      "data.model.id",
      "data.model.revision",
      "data.model.precision",
    ]);
    expect(!result.ok && result.problems[2]!.message).toContain("dtype float32 is not one of bfloat16");
  });

  it("refuses a score outside 0–1 at its path", () => {
    const file = harnessResults();
    file.results.leaderboard_mmlu_pro["acc,none"] = 1.5;
    const result = interpret(completedEvent(file));
    expect(!result.ok && result.problems).toEqual([
      { path: "data.lm_eval.results.leaderboard_mmlu_pro.acc,none", message: "1.5 is not a score between 0 and 1" },
    ]);
  });

  it("reads model_args in both its string and dict forms and maps quantization to precision", () => {
    expect(parseModelArgs("pretrained=a/b,revision=main,dtype=bfloat16")).toEqual({
      pretrained: "a/b",
      revision: "main",
      dtype: "bfloat16",
    });
    expect(parseModelArgs({ pretrained: "a/b", load_in_8bit: true })).toEqual({
      pretrained: "a/b",
      load_in_8bit: "true",
    });
    expect(precisionOf({ load_in_8bit: "True" }, "torch.bfloat16")).toBe("8bit");
    expect(precisionOf({ autogptq: "True" }, null)).toBe("GPTQ");
    expect(precisionOf({}, "torch.float16")).toBe("float16");
    expect(precisionOf({ dtype: "auto" }, null)).toBeNull();
  });
});

describe("times, counts and sizes", () => {
  /** The problems of a results file changed by `edit`, as parse + interpret report them together. */
  function problemsOf(edit: (file: Record<string, any>) => void) {
    const file = harnessResults();
    edit(file);
    const parsed = parseEvaluatorEvent(JSON.parse(JSON.stringify(completedEvent(file))));
    if (!parsed.ok) return parsed.problems;
    const result = interpretCompleted((parsed.event as CompletedEvent).data);
    return result.ok ? [] : result.problems;
  }
  const paths = (edit: (file: Record<string, any>) => void) => problemsOf(edit).map((p) => p.path);

  it("refuses a date no run can have at data.lm_eval.date (toISOString would throw)", () => {
    for (const date of [1e20, -1, 0, 1e13, 4_102_444_801]) {
      expect(
        problemsOf((f) => (f.date = date)),
        String(date),
      ).toEqual([
        { path: "data.lm_eval.date", message: "must be a Unix time in seconds between 2020-01-01 and 2100-01-01" },
      ]);
    }
    expect(paths((f) => (f.date = "1760022195"))).toEqual(["data.lm_eval.date"]);
    expect(evaluationOf(completedEvent({ ...harnessResults(), date: 1_577_836_800 })).provenance.evaluatedAt).toBe(
      "2020-01-01T00:00:00.000Z",
    );
  });

  it("reads the run time as a number or its text, and refuses what is not a run's length", () => {
    const e = evaluationOf(completedEvent({ ...harnessResults(), total_evaluation_time_seconds: "5400.5" }));
    expect(e.provenance.evaluationSeconds).toBe(5400.5);
    // 5400.5 s on the old board's 5.6 kW node at 269.8 g/kWh.
    expect(e.co2Kg).toBeCloseTo(2.266529844444445, 12);
    expect(
      evaluationOf(completedEvent({ ...harnessResults(), total_evaluation_time_seconds: 60 })).provenance
        .evaluationSeconds,
    ).toBe(60);
    for (const value of ["NaN", "inf", "-5", "", "1e400", " 3", 1e308, -1, 31_622_401]) {
      expect(
        paths((f) => (f.total_evaluation_time_seconds = value)),
        String(value),
      ).toEqual(["data.lm_eval.total_evaluation_time_seconds"]);
    }
  });

  it("refuses shots, sample counts and limits that are negative, fractional or huge, at their path", () => {
    expect(paths((f) => (f["n-shot"].leaderboard_ifeval = -1))).toEqual(["data.lm_eval.n-shot.leaderboard_ifeval"]);
    expect(paths((f) => (f["n-shot"].leaderboard_ifeval = 2.5))).toEqual(["data.lm_eval.n-shot.leaderboard_ifeval"]);
    expect(paths((f) => (f["n-shot"].leaderboard_ifeval = 1e9))).toEqual(["data.lm_eval.n-shot.leaderboard_ifeval"]);
    expect(paths((f) => (f["n-samples"].leaderboard_ifeval.original = 1e300))).toContain(
      "data.lm_eval.n-samples.leaderboard_ifeval.original",
    );
    expect(problemsOf((f) => (f["n-samples"].leaderboard_ifeval = { original: 541, effective: 542 }))).toEqual([
      { path: "data.lm_eval.n-samples.leaderboard_ifeval", message: "effective must not exceed original" },
    ]);
    for (const limit of [-1, 0, 1.5, 1e300])
      expect(
        paths((f) => (f.config.limit = limit)),
        String(limit),
      ).toEqual(["data.lm_eval.config.limit"]);
    const tenth = harnessResults();
    tenth.config.limit = 0.1;
    const fraction = evaluationOf(completedEvent(tenth));
    expect(fraction.status).toBe("partial");
    expect(fraction.provenance.partialReasons).toContain("run with --limit 0.1");
    for (const size of [-4, 1.5, 1e12, "x".repeat(101)])
      expect(
        paths((f) => (f.config.batch_size = size)),
        String(size),
      ).toEqual(["data.lm_eval.config.batch_size"]);
    expect(
      evaluationOf(
        completedEvent({ ...harnessResults(), config: { ...harnessResults().config, batch_size: "auto:4" } }),
      ).provenance.batchSize,
    ).toBe("auto:4");
  });

  it("refuses strings and runs too large for a stored evaluation, at their path", () => {
    expect(paths((f) => (f.chat_template = "x".repeat(100_001)))).toEqual(["data.lm_eval.chat_template"]);
    expect(paths((f) => (f.git_hash = "x".repeat(101)))).toEqual(["data.lm_eval.git_hash"]);
    expect(paths((f) => (f.config.model_args = `pretrained=org/m,${"x".repeat(10_000)}`))).toEqual([
      "data.lm_eval.config.model_args",
    ]);
    const crowded = problemsOf((f) => {
      for (let i = 0; i < 3000; i++)
        f.results[`task_${i}_${"t".repeat(200)}`] = { "acc,none": 0.5, "acc_stderr,none": 0.01, "f1,none": 0.5 };
    });
    expect(crowded).toHaveLength(1);
    expect(crowded[0]).toMatchObject({
      path: "data.lm_eval.results",
      message: expect.stringMatching(/more than the 1500000 an evaluation can hold$/),
    });
    const dictArgs = problemsOf((f) => (f.config.model_args = { pretrained: "org/m", pad: "p".repeat(1_600_000) }));
    expect(dictArgs).toMatchObject([{ path: "data.lm_eval" }]);
  });
});

describe("event bodies", () => {
  it("lists every problem with its JSON path", () => {
    const parsed = parseEvaluatorEvent({
      type: "evaluation.completed",
      timestamp: "yesterday",
      data: { lm_eval: { config: {} } },
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.path).sort()).toEqual(["data.lm_eval.results", "timestamp"]);
  });

  it("accepts evaluation.started and evaluation.failed and refuses other types", () => {
    expect(
      parseEvaluatorEvent({ type: "evaluation.started", timestamp: "2026-11-29T12:00:00Z", data: { job_id: "j1" } }).ok,
    ).toBe(true);
    expect(
      parseEvaluatorEvent({
        type: "evaluation.failed",
        timestamp: "2026-11-29T12:00:00+01:00",
        data: { job_id: "j1", reason: "OOM" },
      }).ok,
    ).toBe(true);
    const failed = parseEvaluatorEvent({
      type: "evaluation.failed",
      timestamp: "2026-11-29T12:00:00Z",
      data: { job_id: "j1" },
    });
    expect(!failed.ok && failed.problems[0]!.path).toBe("data.reason");
    const other = parseEvaluatorEvent({ type: "evaluation.exploded", timestamp: "2026-11-29T12:00:00Z", data: {} });
    expect(!other.ok && other.problems[0]!.path).toBe("type");
  });
});

describe("parseHarnessJson", () => {
  it("reads Python's bare NaN and Infinity as null, leaving strings that contain them alone", () => {
    expect(
      parseHarnessJson('{"acc,none": 0.5, "acc_stderr,none": NaN, "x": -Infinity, "alias": "NaN Infinity \\" NaN"}'),
    ).toEqual({
      "acc,none": 0.5,
      "acc_stderr,none": null,
      x: null,
      alias: 'NaN Infinity " NaN',
    });
    expect(parseHarnessJson('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(() => parseHarnessJson("{oops")).toThrow(SyntaxError);
    expect(() => parseHarnessJson('{"a": NaN,}')).toThrow(SyntaxError);
  });

  it("reads NaN next to a 16 MB string (a regular expression ran out of stack there)", () => {
    const text = `{"pad": "${"x".repeat(16_000_000)}", "stderr": NaN, "alias": "a\\"b"}`;
    const parsed = parseHarnessJson(text) as { pad: string; stderr: null; alias: string };
    expect(parsed.pad).toHaveLength(16_000_000);
    expect(parsed.stderr).toBeNull();
    expect(parsed.alias).toBe('a"b');
  });

  it("refuses 200,000 escaped quotes in one pass (each quote rescanned the rest: about 400 s before)", () => {
    expect(() => parseHarnessJson(`[${'\\"'.repeat(200_000)}NaN`)).toThrow(SyntaxError);
    expect(() => parseHarnessJson(`["${"\\".repeat(100_001)}`)).toThrow(SyntaxError);
  });

  it("a NaN stderr becomes a null stderr, a NaN score a missing benchmark", () => {
    const text = JSON.stringify(completedEvent(harnessResults()))
      .replace(/"acc_stderr,none":[0-9.e-]+/, '"acc_stderr,none":NaN')
      .replace(/"exact_match,none":[0-9.e-]+/g, '"exact_match,none":NaN');
    const parsed = parseEvaluatorEvent(parseHarnessJson(text));
    expect(parsed.ok).toBe(true);
    const result = interpretCompleted((parsed as { event: CompletedEvent }).event.data);
    expect(result.ok && result.evaluation.subtasks.leaderboard_mmlu_pro).toEqual({
      metric: "acc,none",
      value: 0.3,
      stderr: null,
    });
    expect(result.ok && result.evaluation.status).toBe("partial");
    expect(result.ok && result.evaluation.scores.math).toBeNull();
  });
});
