/** `/compare?models=a,b,c`: up to six models side by side, each by its best ranked evaluation. */
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import { MAX_COMPARED } from "../../worker/domain/board/compare";
import type { CompactRow } from "../../worker/domain/board/query";
import { CompareChart } from "../components/charts";
import { count, params, score } from "../format";
import { modelHref } from "../links";

export interface ComparedModel {
  row: CompactRow;
  rank: number;
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
              label: `${m.row.model} (${m.row.precision})`,
              values: [m.row.average, ...m.row.normalized],
            }))}
          />
          <div class="table-wrap">
            <table class="board">
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
                      {count(m.rank)} <span class="muted small">/ {count(boardSize)}</span>
                    </td>
                    <td class="average">{score(m.row.average)}</td>
                    {m.row.normalized.map((v, i) => (
                      <td key={BENCHMARKS[i]?.key ?? i}>{score(v)}</td>
                    ))}
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
