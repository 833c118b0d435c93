/** `/about`: how Podium scores, ranks and accepts results, and how to reproduce any of them. */
import { BENCHMARKS, type Aggregation } from "../../worker/domain/benchmarks";
import { count } from "../format";

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

export function AboutPage() {
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
      <div class="table-wrap">
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
      </div>
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
