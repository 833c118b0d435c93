/** `/compare?models=a,b,c`: up to six models side by side, each by its best ranked evaluation. */
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import { MAX_COMPARED, pairComparisons, pairSentence } from "../../worker/domain/board/compare";
import { ci95 } from "../../worker/domain/statistics";
import type { CompactRow } from "../../worker/domain/board/query";
import { CompareChart } from "../components/charts";
import { count, params, plusMinus, rankSpan, score } from "../format";
import { modelHref } from "../links";

export interface ComparedModel {
  row: CompactRow;
  rank: number;
  /** `[best, worst]` on the whole board; null without an SE. */
  rankRange: [number, number] | null;
  /** The SE of the six-benchmark average; null without one. */
  averageSe: number | null;
}

const name = (m: ComparedModel) => `${m.row.model} (${m.row.precision})`;

/** Each pair in words: its benchmarks' verdicts, then the average's difference with its interval. */
function Verdicts({ models }: { models: readonly ComparedModel[] }) {
  const pairs = pairComparisons(models.map((m) => m.row));
  const sentences: Array<{ key: string; text: string }> = [];
  for (let a = 0; a < models.length; a++) {
    for (let b = a + 1; b < models.length; b++) {
      const of = pairs.filter((p) => p.a === a && p.b === b);
      const average = of.find((p) => p.on === "average")?.comparison;
      const left = models[a] as ComparedModel;
      const right = models[b] as ComparedModel;
      const overall = average
        ? average.verdict === "tied"
          ? `tied on the average (${score(average.difference)} ${plusMinus(average.ci95)})`
          : `${average.verdict === "a_ahead" ? "ahead" : "behind"} on the average by ${score(Math.abs(average.difference))} ${plusMinus(average.ci95)}`
        : "no interval for the average";
      sentences.push({
        key: `${left.row.id}|${right.row.id}`,
        text: `${name(left)} against ${name(right)}: ${pairSentence(of)}; ${overall}.`,
      });
    }
  }
  return (
    <section aria-labelledby="verdicts">
      <h2 id="verdicts">What the differences say</h2>
      <p class="muted small">
        A model is ahead when the difference is larger than its 95% interval; otherwise the two are tied (
        <a href="/about#intervals">the method</a>).
      </p>
      <ul class="verdicts">
        {sentences.map((s) => (
          <li key={s.key}>{s.text}</li>
        ))}
      </ul>
    </section>
  );
}

export interface ComparePageProps {
  /** The ids as asked, for the form. */
  asked: readonly string[];
  models: readonly ComparedModel[];
  /** What could not be compared and why. */
  problems: readonly string[];
  boardSize: number;
}

export function ComparePage({ asked, models, problems, boardSize }: ComparePageProps) {
  const categories = ["Average", ...BENCHMARKS.map((b) => b.title)];
  return (
    <>
      <h1>Compare models</h1>
      <form method="get" action="/compare" class="controls" aria-label="Models to compare">
        <div class="search">
          <label for="compare-models">Model ids, separated by commas (up to {MAX_COMPARED})</label>
          <input
            id="compare-models"
            type="search"
            name="models"
            value={asked.join(",")}
            placeholder="e.g. Qwen/Qwen2.5-72B-Instruct,meta-llama/Meta-Llama-3.1-70B-Instruct"
            autocomplete="off"
            spellcheck={false}
          />
        </div>
        <div class="actions">
          <button type="submit">Compare</button>
        </div>
      </form>
      {problems.map((p) => (
        <p class="notice" role="alert" key={p}>
          {p}
        </p>
      ))}
      {models.length === 0 ? (
        <p class="muted">
          Name two or more models to see them side by side; each is shown by its best ranked evaluation.
        </p>
      ) : (
        <>
          <CompareChart
            title={`Normalized scores of ${models.map((m) => m.row.model).join(", ")}`}
            categories={categories}
            series={models.map((m) => ({
              label: name(m),
              values: [m.row.average, ...m.row.normalized],
              ci95: [m.averageSe, ...m.row.se].map((se) => (se == null ? null : ci95(se))),
            }))}
          />
          {models.length > 1 ? <Verdicts models={models} /> : null}
          <div class="table-wrap">
            <table class="board compare">
              <caption class="visually-hidden">Scores side by side</caption>
              <thead>
                <tr>
                  <th scope="col" class="model">
                    Model
                  </th>
                  <th scope="col">Rank</th>
                  <th scope="col">Average</th>
                  {BENCHMARKS.map((b) => (
                    <th scope="col" key={b.key}>
                      {b.title}
                    </th>
                  ))}
                  <th scope="col">Params (B)</th>
                  <th scope="col" class="text">
                    Precision
                  </th>
                </tr>
              </thead>
              <tbody>
                {models.map((m) => (
                  <tr key={m.row.id}>
                    <td class="model">
                      <a href={modelHref(m.row.model)}>{m.row.model}</a>
                    </td>
                    <td>
                      {count(m.rank)}
                      {m.rankRange ? <span class="rank-range">{rankSpan(m.rankRange)}</span> : null}{" "}
                      <span class="muted small">/ {count(boardSize)}</span>
                    </td>
                    <td class="average">
                      {score(m.row.average)}
                      {m.averageSe === null ? null : <span class="ci">{plusMinus(ci95(m.averageSe))}</span>}
                    </td>
                    {m.row.normalized.map((v, i) => {
                      const se = m.row.se[i];
                      return (
                        <td key={BENCHMARKS[i]?.key ?? i}>
                          {score(v)}
                          {v == null || se == null ? null : <span class="ci">{plusMinus(ci95(se))}</span>}
                        </td>
                      );
                    })}
                    <td>{params(m.row.params)}</td>
                    <td class="text">{m.row.precision}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
