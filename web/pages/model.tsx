/**
 * `/models/{org}/{name}`: one model — its scores against the board's best, the subtasks behind them, every
 * evaluation over time with its provenance, and the command that reproduces it.
 */
import { type ComponentChildren, Fragment } from "preact";
import { BENCHMARKS, type Aggregation, type BenchmarkKey } from "../../worker/domain/benchmarks";
import { defaultBoardQuery } from "../../worker/domain/board/query";
import type { EvaluationDetail, ModelDetail } from "../../worker/schemas/models";
import { MODEL_TYPE_LABELS, type ModelType } from "../../worker/domain/vocabulary";
import type { Provenance, SubtaskScore } from "../../worker/domain/provenance";
import { HistoryChart } from "../components/charts";
import { TypeIcon } from "../components/type-icon";
import { FlagNotices, VerificationFacts } from "../components/verification";
import { co2, count, params, plusMinus, rankSpan, score } from "../format";
import { boardHref, modelApiHref, modelHref, safeExternalUrl } from "../links";
import { lmEvalCommand } from "../lm-eval";
import { ScrollFrame } from "../components/scroll-frame";

type ModelEvaluationView = EvaluationDetail;

/** YYYY-MM-DD: when the evaluation ran, else when it was submitted, else when it was stored. */
export function evaluationDate(e: EvaluationDetail): string {
  return (e.provenance.evaluatedAt ?? e.submission_date ?? e.created_at).slice(0, 10);
}

export interface ModelPageProps {
  detail: ModelDetail;
  /** The best ranked score on the board per benchmark and for the average: the bars' full length. */
  best: Record<BenchmarkKey | "average", number>;
  /** Names of the evaluators that ran these evaluations, by id. */
  evaluatorNames: Readonly<Record<string, string>>;
  /** Copy-ready badge snippets (a section with its own heading), when the model has a ranked evaluation. */
  badges?: ComponentChildren;
  /** The model-card metadata to copy (a section with its own heading), when the model has a ranked evaluation. */
  modelCard?: ComponentChildren;
}

/** The harness task-name prefix of a benchmark's subtasks (leaderboard_bbh, leaderboard_math, …). */
function subtaskPrefix(aggregation: Aggregation): string {
  const task = aggregation.kind === "subtask-mean" ? (aggregation.subtasks[0]?.task ?? "") : aggregation.task;
  return task.split("_").slice(0, 2).join("_");
}

function ScoreBars({ evaluation, best }: { evaluation: ModelEvaluationView; best: ModelPageProps["best"] }) {
  const rows: Array<{ key: string; title: string; value: number | null; ci95: number | null; top: number }> = [
    { key: "average", title: "Average", value: evaluation.average, ci95: evaluation.average_ci95, top: best.average },
    ...BENCHMARKS.map((b) => ({
      key: b.key,
      title: b.title,
      value: evaluation.scores[b.key].normalized,
      ci95: evaluation.scores[b.key].ci95,
      top: best[b.key],
    })),
  ];
  return (
    <div class="scores" role="list" aria-label="Normalized scores against the board's best">
      {rows.map((r) => {
        const share = r.value == null || r.top <= 0 ? 0 : Math.min(100, (r.value / r.top) * 100);
        return (
          <div role="listitem" key={r.key} style="display:contents">
            <span>{r.title}</span>
            <span class="bar" title={`best on the board: ${score(r.top)}`}>
              <span style={`width:${share.toFixed(1)}%`} />
            </span>
            <span class="value">
              {score(r.value)}
              {r.value != null && r.ci95 != null ? <span class="ci">{plusMinus(r.ci95)}</span> : null}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function Subtasks({ evaluation }: { evaluation: ModelEvaluationView }) {
  const subtasks = evaluation.subtasks;
  if (!subtasks || Object.keys(subtasks).length === 0) {
    return (
      <p class="muted">
        {evaluation.source === "seed"
          ? "Subtask scores were not published in the old leaderboard's final data for this evaluation."
          : "This evaluation carries no subtask scores."}
      </p>
    );
  }
  return (
    <>
      {BENCHMARKS.map((b) => {
        const prefix = subtaskPrefix(b.aggregation);
        const names = Object.keys(subtasks)
          .filter((n) => n.startsWith(prefix))
          .sort();
        if (names.length === 0) return null;
        return (
          <details key={b.key}>
            <summary>
              {b.title} ({names.length})
            </summary>
            <ScrollFrame>
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    <th scope="col">Metric</th>
                    <th scope="col">Value (%)</th>
                    <th scope="col">± stderr</th>
                  </tr>
                </thead>
                <tbody>
                  {names.map((n) => {
                    const s = subtasks[n] as SubtaskScore;
                    return (
                      <tr key={n}>
                        <td>
                          <code>{n}</code>
                        </td>
                        <td>
                          <code>{s.metric}</code>
                        </td>
                        <td>{score(s.value * 100)}</td>
                        <td>{s.stderr == null ? "–" : score(s.stderr * 100)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollFrame>
          </details>
        );
      })}
    </>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children ?? "–"}</dd>
    </>
  );
}

function hardware(p: Provenance): string | null {
  return p.hardware ? `${p.hardware.count} × ${p.hardware.gpu}` : null;
}

function ProvenanceFacts({
  evaluation,
  names,
}: {
  evaluation: ModelEvaluationView;
  names: ModelPageProps["evaluatorNames"];
}) {
  const p = evaluation.provenance;
  const details = safeExternalUrl(p.detailsUrl);
  return (
    <dl class="facts">
      <Fact term="Evaluator">
        {evaluation.source === "seed" ? (
          "Open LLM Leaderboard v2 (final public data)"
        ) : (
          <>
            {evaluation.evaluator_id ? (
              <a href={`/evaluators/${encodeURIComponent(evaluation.evaluator_id)}`}>
                {names[evaluation.evaluator_id] ?? evaluation.evaluator_id}
              </a>
            ) : null}{" "}
            <code>{evaluation.evaluator_id}</code>
          </>
        )}
      </Fact>
      <Fact term="Harness version">{p.harnessVersion}</Fact>
      <Fact term="Harness commit">{p.harnessGitHash ? <code>{p.harnessGitHash}</code> : null}</Fact>
      <Fact term="Transformers">{p.transformersVersion}</Fact>
      <Fact term="Chat template">
        {evaluation.chat_template ? (
          <>applied{p.chatTemplateSha ? <code> (sha256 {p.chatTemplateSha.slice(0, 12)})</code> : null}</>
        ) : (
          "not applied"
        )}
      </Fact>
      <Fact term="Hardware">{hardware(p)}</Fact>
      <Fact term="Date">{evaluationDate(evaluation)}</Fact>
      <Fact term="Duration">
        {p.evaluationSeconds != null ? `${count(Math.round(p.evaluationSeconds / 60))} min` : null}
      </Fact>
      <Fact term="CO₂ cost">{evaluation.co2_kg >= 0 ? `${co2(evaluation.co2_kg)} kg` : null}</Fact>
      <Fact term="Revision">
        <code>{evaluation.revision}</code>
      </Fact>
      {details ? (
        <Fact term="Details">
          <a href={details} rel="noopener nofollow">
            samples and logs
          </a>
        </Fact>
      ) : null}
    </dl>
  );
}

function statusText(e: ModelEvaluationView, boardSize: number): ComponentChildren {
  if (e.status === "candidate") return "listed only with provisional runs";
  if (e.status === "partial") return "partial run, not ranked";
  if (e.status !== "ranked") {
    return e.verification === "disputed" || e.verification === "rejected"
      ? `${e.verification}, not shown`
      : "superseded: another run of its group is the row";
  }
  if (e.rank == null) return "ranked";
  return (
    <>
      rank {count(e.rank)}
      {e.rank_range ? (
        <span class="rank-range" title={`statistically tied with ranks ${e.rank_range[0]} to ${e.rank_range[1]}`}>
          {rankSpan(e.rank_range)}
        </span>
      ) : null}{" "}
      of {count(boardSize)}
    </>
  );
}

function Evaluation({ evaluation, props }: { evaluation: ModelEvaluationView; props: ModelPageProps }) {
  const headingId = `evaluation-${evaluation.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        {evaluation.precision} · {evaluation.chat_template ? "chat template" : "no chat template"} ·{" "}
        <span class="muted">{statusText(evaluation, props.detail.board_size)}</span> ·{" "}
        <span class={`verification-${evaluation.verification}`}>{evaluation.verification}</span>
      </h2>
      {evaluation.provenance.partialReasons?.length ? (
        <p class="notice">Partial: {evaluation.provenance.partialReasons.join("; ")}</p>
      ) : null}
      <ScoreBars evaluation={evaluation} best={props.best} />
      <h3>Subtasks</h3>
      <Subtasks evaluation={evaluation} />
      <h3>Provenance</h3>
      <ProvenanceFacts evaluation={evaluation} names={props.evaluatorNames} />
      <h3>Verification</h3>
      <VerificationFacts evaluation={evaluation} />
      <h3>Reproduce</h3>
      <pre>
        <code>
          {lmEvalCommand({
            modelId: props.detail.model.id,
            revision: evaluation.revision,
            precision: evaluation.precision,
            weightType: evaluation.weight_type,
            baseModel: props.detail.model.base_model,
            chatTemplate: evaluation.chat_template,
          })}
        </code>
      </pre>
    </section>
  );
}

/**
 * Each full run's day on the board, linked to the board as it stood at the end of that day with the run pinned: the
 * day a run reached the board is its submission date (what `as_of` selects on), not when the harness ran it.
 */
function BoardDays({ evaluations }: { evaluations: readonly ModelEvaluationView[] }) {
  const days = evaluations
    .filter((e) => e.status !== "partial" && e.submission_date !== null)
    .map((e) => ({ id: e.id, day: (e.submission_date as string).slice(0, 10), precision: e.precision }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id));
  if (days.length === 0) return null;
  return (
    <p class="board-days">
      The board on the day of each run:{" "}
      {days.map((d, i) => (
        <Fragment key={d.id}>
          {i > 0 ? " · " : null}
          <a href={boardHref({ ...defaultBoardQuery(), asOf: d.day, pinned: [d.id] })}>
            <time dateTime={d.day}>{d.day}</time>
          </a>{" "}
          <span class="muted">({d.precision})</span>
        </Fragment>
      ))}
    </p>
  );
}

/** A history of one evaluation is a sentence: a chart of one point would show nothing over time. */
function OnePoint({ point }: { point: { date: string; average: number; label: string } }) {
  return (
    <p class="one-point">
      One evaluation so far: an average of {score(point.average)} ({point.label}) on{" "}
      <time dateTime={point.date}>{point.date}</time>.
    </p>
  );
}

export function ModelPage(props: ModelPageProps) {
  const { model, evaluations } = props.detail;
  const type = MODEL_TYPE_LABELS[model.type as ModelType] ?? MODEL_TYPE_LABELS.other;
  const flags = [
    model.merged && "merged",
    model.moe && "mixture of experts",
    model.flagged && "flagged",
    model.official_provider && "official provider",
    !model.available_on_hub && "no longer on the Hub",
  ].filter((f): f is string => Boolean(f));
  const history = evaluations
    .filter((e) => e.average != null)
    .map((e) => ({ date: evaluationDate(e), average: e.average as number, label: `${e.precision}, ${e.status}` }));
  return (
    <>
      <h1>{model.id}</h1>
      <p class="muted">
        <TypeIcon type={model.type in MODEL_TYPE_LABELS ? (model.type as ModelType) : "other"} /> {type.label} ·{" "}
        {params(model.params_billions)} B parameters
        {model.architecture ? ` · ${model.architecture}` : ""}
        {model.license ? ` · license ${model.license}` : ""} · {count(model.likes)} likes
        {flags.length ? ` · ${flags.join(" · ")}` : ""}
      </p>
      <p>
        <a href={model.hub_url} rel="noopener">
          On the Hugging Face Hub
        </a>{" "}
        · <a href={`/compare?models=${encodeURIComponent(model.id)}`}>Compare with others</a> ·{" "}
        {props.detail.ranks.length > 0 ? (
          <>
            <a href={boardHref({ ...defaultBoardQuery(), pinned: props.detail.ranks.map((r) => r.evaluation_id) })}>
              Pinned on the board
            </a>{" "}
            ·{" "}
          </>
        ) : null}
        <a href={modelApiHref(model.id)}>JSON</a>
      </p>
      <FlagNotices flags={props.detail.flags} />
      {model.base_model && model.base_model !== model.id ? (
        <p>
          Base model: <a href={modelHref(model.base_model)}>{model.base_model}</a>
        </p>
      ) : null}
      {evaluations.length === 0 ? <p>This model has no evaluations yet.</p> : null}
      {evaluations.map((e) => (
        <Evaluation key={e.id} evaluation={e} props={props} />
      ))}
      {history.length > 0 ? (
        <section aria-labelledby="history">
          <h2 id="history">History</h2>
          {history.length > 1 ? (
            <HistoryChart points={history} title={`Average score of ${model.id} per evaluation over time`} />
          ) : (
            <OnePoint point={history[0] as (typeof history)[number]} />
          )}
          <BoardDays evaluations={evaluations} />
        </section>
      ) : null}
      {props.badges ?? null}
      {props.modelCard ?? null}
    </>
  );
}
