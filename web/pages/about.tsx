/** `/about`: how Podium scores, ranks and accepts results, and how to reproduce any of them. */
import { BENCHMARKS, type Aggregation } from "../../worker/domain/benchmarks";
import type { RankedRow } from "../../worker/domain/board/engine";
import type { CompactRow } from "../../worker/domain/board/query";
import { ci95 } from "../../worker/domain/statistics";
import type { Comparison } from "../../worker/domain/statistics-compare";
import { count, score } from "../format";
import { modelHref } from "../links";
import { ScrollFrame } from "../components/scroll-frame";

/** A row above the example, its average's SE, and it compared with the example (it − example). */
interface Neighbour {
  row: CompactRow;
  averageSe: number;
  comparison: Comparison;
}

/** The worked example, computed from the board served (use-cases/interval-example.ts). */
export interface IntervalExampleProps {
  entry: RankedRow;
  ahead: Neighbour | null;
  tied: Neighbour | null;
  boardSize: number;
}

const se3 = (v: number) => v.toFixed(3);

function NeighbourSentence({ n, example, verdict }: { n: Neighbour; example: RankedRow; verdict: "ahead" | "tied" }) {
  const c = n.comparison;
  const combined = `1.96 × √(${se3(n.averageSe)}² + ${se3(example.averageSe ?? 0)}²) = ${score(c.ci95)}`;
  return (
    <li>
      <a href={modelHref(n.row.model)}>{n.row.model}</a> ({n.row.precision}) averages {score(n.row.average)}, higher by{" "}
      {score(c.difference)}.{" "}
      {verdict === "ahead"
        ? `That is more than ${combined}: it is clearly ahead.`
        : `That is no more than ${combined}: the two are tied, though it ranks above.`}
    </li>
  );
}

/** One real row of the board, its intervals and its rank range, every figure computed from the data served. */
function WorkedExample({ example }: { example: IntervalExampleProps }) {
  const { entry, ahead, tied, boardSize } = example;
  const r = entry.row;
  const range = entry.rankRange;
  const avgSe = entry.averageSe ?? 0;
  return (
    <>
      <h3 id="worked-example">A worked example</h3>
      <p>
        <a href={modelHref(r.model)}>{r.model}</a> ({r.precision}) is ranked {count(entry.rank)} of {count(boardSize)}{" "}
        by its average, {score(entry.average)}.{" "}
        {r.ciSource === "estimated"
          ? "Its standard errors are estimated (see above)."
          : "Its standard errors are the harness's."}
      </p>
      <ScrollFrame>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Benchmark</th>
              <th scope="col">Score</th>
              <th scope="col">SE</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {BENCHMARKS.map((b, i) => {
              const value = r.normalized[i] ?? null;
              const se = r.se[i] ?? null;
              return (
                <tr key={b.key}>
                  <th scope="row">{b.title}</th>
                  <td>{score(value)}</td>
                  <td>{se === null ? "–" : se3(se)}</td>
                  <td>{value === null || se === null ? "–" : `${score(value)} ±${score(ci95(se))}`}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">Average</th>
              <td>{score(entry.average)}</td>
              <td>{se3(avgSe)}</td>
              <td>
                {score(entry.average)} ±{score(ci95(avgSe))}
              </td>
            </tr>
          </tbody>
        </table>
      </ScrollFrame>
      <p>
        The average's SE is √(the sum of the six squared SEs) / 6 = {se3(avgSe)}, so its interval is ±1.96 ×{" "}
        {se3(avgSe)} = ±{score(ci95(avgSe))} points.
      </p>
      <ul>
        {ahead ? <NeighbourSentence n={ahead} example={entry} verdict="ahead" /> : null}
        {tied ? <NeighbourSentence n={tied} example={entry} verdict="tied" /> : null}
      </ul>
      {range ? (
        <p>
          {count(range[0] - 1)} rows are clearly ahead of it, so its best rank is {count(range[0])}; it is clearly ahead
          of {count(boardSize - range[1])}, so its worst is {count(range[1])}. The board shows it as{" "}
          <strong>
            {count(entry.rank)} <span class="rank-range">{`${count(range[0])}–${count(range[1])}`}</span>
          </strong>{" "}
          and{" "}
          <strong>
            {score(entry.average)} <span class="ci">±{score(ci95(avgSe))}</span>
          </strong>
          .
        </p>
      ) : null}
    </>
  );
}

/** How intervals and rank ranges are computed, in plain words, with the worked example when there is one. */
function IntervalsMethod({ example }: { example: IntervalExampleProps | null }) {
  return (
    <>
      <h2 id="intervals">Intervals and rank ranges</h2>
      <p>
        Every benchmark is a sample of questions, so every score is an estimate with a standard error (SE). Podium shows
        each score with the half-width of its 95% interval, 1.96 SEs: <code>47.98 ±1.32</code>. Two models a point apart
        are often indistinguishable, and the board says so.
      </p>
      <ul>
        <li>
          The harness writes a stderr beside each metric. Podium carries it through the normalization (on the unclipped
          line, SE × 100 / (1 − baseline)), through BBH's and MuSR's unweighted subtask means (√(Σ SE²) / the number of
          subtasks) and through IFEval's two accuracies (the mean of their two SEs, a safe bound since they move
          together). In raw mode the factor 100 / (1 − baseline) is left out.
        </li>
        <li>
          Where the harness wrote <code>"N/A"</code> (or nothing), the SE is estimated as √(p(1 − p) / (n − 1)) from the
          raw value p and the task's item count n (the Items column above). The old leaderboard's data has no stderr at
          all: every seeded row is estimated this way, BBH and MuSR from their raw value on each subtask.
        </li>
        <li>
          <code>ci_source</code> says where a row's intervals come from: <code>harness</code> when the harness wrote
          every stderr it computes, <code>estimated</code> when any other was missing, and for every seeded row.
          IFEval's instruction-level accuracy never gets a stderr from the harness, so that half of IFEval's SE is
          always the estimate: IFEval's own <code>ci_source</code> says <code>estimated</code> even on a harness run.
        </li>
        <li>
          The average's SE is √(Σ SE²) / the number of benchmarks averaged (all six, or the visible ones), treating
          benchmarks as independent.
        </li>
        <li>
          One row is <em>clearly ahead</em> of another when its average is higher by more than 1.96 × √(SE₁² + SE₂²). A
          row's rank range runs from 1 + the number of rows clearly ahead of it to the number of rows minus those it is
          clearly ahead of: <code>7 3–12</code> is ranked 7th by value and statistically tied with every row ranked 3 to
          12. Static ranks count the whole board; dynamic ranks count the view, and a pinned row outside it is ranked as
          if it alone joined it.
        </li>
        <li>
          The compare page and <code>/api/v1/compare</code> apply the same test to each benchmark and the average: a
          difference counts when it is larger than its interval, otherwise the two are tied on it.
        </li>
        <li>
          This test is unpaired and conservative; a paired analysis per question would be tighter and needs the
          per-sample outputs, which Podium does not store.
        </li>
      </ul>
      {example ? <WorkedExample example={example} /> : null}
    </>
  );
}

const GENERIC_COMMAND = `lm_eval --model hf \\
  --model_args pretrained=ORG/NAME,revision=SHA,dtype=bfloat16 \\
  --tasks leaderboard --batch_size auto --output_path results \\
  [--apply_chat_template --fewshot_as_multiturn]`;

function baselineText(aggregation: Aggregation): string {
  switch (aggregation.kind) {
    case "single":
      return aggregation.baseline === 0 ? "none" : String(Number(aggregation.baseline.toFixed(4)));
    case "subtask-mean":
      return `per subtask (${aggregation.subtasks.length} subtasks, 1 / choices)`;
    case "metric-mean":
      return "none";
  }
}

function howNormalized(aggregation: Aggregation): string {
  switch (aggregation.kind) {
    case "single":
      return aggregation.baseline === 0
        ? `${aggregation.metric} × 100`
        : `normalize(${aggregation.metric}, ${Number(aggregation.baseline.toFixed(4))})`;
    case "subtask-mean":
      return `unweighted mean of normalize(${aggregation.metric}, baseline) over the subtasks`;
    case "metric-mean":
      return `mean of ${aggregation.metrics.join(" and ")} × 100`;
  }
}

function tasksOf(aggregation: Aggregation): string {
  switch (aggregation.kind) {
    case "subtask-mean":
      return `${aggregation.subtasks[0]?.task.replace(/_[^_]+$/, "")}_* (${aggregation.subtasks.length})`;
    default:
      return aggregation.task;
  }
}

export function AboutPage({ example = null }: { example?: IntervalExampleProps | null }) {
  return (
    <article class="prose">
      <h1>How Podium ranks models</h1>
      <p>
        Podium continues the Open LLM Leaderboard v2: every model is run through the{" "}
        <a href="https://github.com/EleutherAI/lm-evaluation-harness">lm-evaluation-harness</a> <code>leaderboard</code>{" "}
        suite, six benchmarks are normalized so that a random guesser scores 0 and a perfect model 100, and the board
        ranks models by the mean of the six.
      </p>

      <h2 id="benchmarks">Benchmarks</h2>
      <ScrollFrame>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Benchmark</th>
              <th scope="col">Harness task</th>
              <th scope="col">Shots</th>
              <th scope="col">Items</th>
              <th scope="col">Random baseline</th>
              <th scope="col">Normalized score</th>
            </tr>
          </thead>
          <tbody>
            {BENCHMARKS.map((b) => (
              <tr key={b.key}>
                <th scope="row">
                  {b.title}
                  <div class="muted small">{b.description}</div>
                </th>
                <td>
                  <code>{tasksOf(b.aggregation)}</code>
                </td>
                <td>{b.shots}</td>
                <td>{count(b.items)}</td>
                <td>{baselineText(b.aggregation)}</td>
                <td>
                  <code>{howNormalized(b.aggregation)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollFrame>
      <p>
        The registry is also served as JSON at <a href="/api/v1/benchmarks">/api/v1/benchmarks</a>.
      </p>

      <h2 id="formulas">Formulas</h2>
      <ul>
        <li>
          <code>normalize(v, baseline) = max(v − baseline, 0) / (1 − baseline) × 100</code>, for a raw value{" "}
          <code>v</code> on 0–1. Below-chance results are clipped to 0.
        </li>
        <li>
          BBH and MuSR normalize each subtask against its own baseline (1 / the number of choices), then take the
          unweighted mean. The harness's own group rows are weighted by size and are not used.
        </li>
        <li>GPQA and MATH Lvl 5 use the group value: a micro average over all their items.</li>
        <li>IFEval is the mean of prompt-level and instruction-level strict accuracy, × 100.</li>
        <li>
          <strong>Average</strong> = the arithmetic mean of the six normalized scores. With “average over visible
          benchmarks” the board recomputes it over the columns you show.
        </li>
        <li>
          <strong>Rank</strong>: 1 + the number of evaluations with a strictly higher average, so ties share a rank.
          “Static” ranks on the whole board; “dynamic” ranks within the current filter.
        </li>
        <li>
          <strong>CO₂ cost</strong> = evaluation seconds / 3600 × 5.6 kW × 269.8 g/kWh / 1000, in kilograms (an 8×H100
          node on an average grid).
        </li>
      </ul>

      <IntervalsMethod example={example} />

      <h2 id="results">How a result gets in</h2>
      <ol>
        <li>
          Anyone signed in with Hugging Face can <a href="/queue">submit a model</a>: the Hub checks (license, model
          card, size, no remote code) run first, and duplicates are refused.
        </li>
        <li>
          Registered evaluators — machines Podium does not run — claim queued jobs, run the harness, and push the
          results file to <code>POST /api/v1/evaluators/{"{id}"}/events</code>.
        </li>
        <li>
          Every delivery is signed per the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>{" "}
          specification (HMAC-SHA256 or Ed25519 over the raw body, timestamp within five minutes). Unsigned, altered or
          replayed messages are refused; a retried message is answered as the first one was.
        </li>
        <li>
          Podium parses the harness output itself and normalizes it with the registry above. A run made with{" "}
          <code>--limit</code> or missing a benchmark is stored as <em>partial</em> and never ranked. An evaluator's
          newer full run of the same model, commit, precision and chat template replaces its own older one, which stays
          in the model's history.
        </li>
        <li>
          Each evaluation keeps its provenance: evaluator, harness version and commit, transformers version, chat
          template hash, hardware, date and duration.
        </li>
      </ol>

      <h2 id="trust">How a run earns its rank</h2>
      <p>
        No single push decides a rank. Every run has a <em>verification</em>: <code>seed</code> (the old board's final
        data), <code>trusted</code> (pushed by an operator the admins vouch for), <code>reproduced</code>,{" "}
        <code>accepted</code> (by an admin decision): these four are verified; <code>provisional</code>,{" "}
        <code>disputed</code> and <code>rejected</code> are not.
      </p>
      <ol>
        <li>
          A full run from a community evaluator is provisional until another evaluator (never its own) pushes a full run
          of the same model, commit, precision and chat-template setting. Two runs agree when each of the six normalized
          scores differs by at most <code>REPRODUCTION_TOLERANCE</code> points (1.0): reruns of one model differ by a
          fixed, small amount, which the sampling intervals do not measure.
        </li>
        <li>
          A run that agrees with a verified run becomes reproduced, and so does a provisional run it agrees with. A run
          that disagrees with a verified run is disputed; two unverified runs that disagree are both disputed. The
          differences per benchmark are kept and shown on the model page.
        </li>
        <li>
          The row of a model × commit × precision × chat template is, among its verified runs, the newest trusted or
          accepted run, else the earliest reproduced or seed run. No evaluator's run replaces another evaluator's
          verified run. The default board ranks verified rows only;{" "}
          <a href="/?verification=all">with provisional runs</a> adds each group's newest provisional run, marked.
          Disputed and rejected runs appear only on their model's page. A badge of a model without a verified run says{" "}
          <em>provisional</em>.
        </li>
        <li>
          Every provisional run queues a <em>reproduction</em> job in the <a href="/queue">queue</a>, and a share{" "}
          <code>AUDIT_RATE</code> (10%) of trusted runs, drawn at random, too. Jobs wait by the same aging rule as
          submissions (not by votes) and are never handed to the evaluator whose run they check. A trusted evaluator
          whose run an independent rerun contradicts is flagged for the admins, not silently believed.
        </li>
        <li>
          Admins resolve a dispute by accepting or rejecting a run, flag models (contamination, merge, license, other;
          the board's <code>hide=flagged</code> hides them), and may delete an evaluator with the runs nobody
          reproduced. Every such action, with its reason and who took it, is on the{" "}
          <a href="/moderation">moderation log</a>, which nothing edits or deletes. Each evaluator has a public page,
          linked from every run it pushed.
        </li>
      </ol>

      <h2 id="reproduce">How to reproduce a score</h2>
      <p>Every model page shows the exact command. In general:</p>
      <pre>
        <code>{GENERIC_COMMAND}</code>
      </pre>
      <p>
        Then apply the formulas above to <code>results_*.json</code>. The seeded rows are the old leaderboard's final
        public data (4,576 evaluations); their averages and scores reproduce with these formulas to 1e-6.
      </p>
    </article>
  );
}
