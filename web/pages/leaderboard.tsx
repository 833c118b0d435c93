/** `/`: the ranked board as a plain HTML table that reads without JavaScript. */
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import type { LeaderboardEntry } from "../../worker/domain/entries";
import { MODEL_TYPE_LABELS, type ModelType } from "../../worker/domain/vocabulary";
import { co2, count, params, score } from "../format";

export interface LeaderboardPageProps {
  entries: LeaderboardEntry[];
  total: number;
  offset: number;
  limit: number;
}

function TypeCell({ type }: { type: string }) {
  const label = MODEL_TYPE_LABELS[type as ModelType] ?? MODEL_TYPE_LABELS.other;
  return (
    <td class="type" title={label.label}>
      <span aria-hidden="true">{label.symbol}</span>
      <span class="visually-hidden">{label.label}</span>
    </td>
  );
}

function pageHref(offset: number, limit: number): string {
  const params = new URLSearchParams();
  if (offset > 0) params.set("offset", String(offset));
  if (limit !== 100) params.set("limit", String(limit));
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

export function LeaderboardPage({ entries, total, offset, limit }: LeaderboardPageProps) {
  const first = entries.length ? offset + 1 : 0;
  const last = offset + entries.length;
  return (
    <>
      <h1>Open LLM leaderboard</h1>
      <p class="muted">
        {count(total)} evaluations ranked by the average of six normalized benchmarks. Showing {count(first)}–
        {count(last)}.
      </p>
      <div class="table-wrap">
        <table class="board">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col" class="type">
                Type
              </th>
              <th scope="col" class="model">
                Model
              </th>
              <th scope="col">Average</th>
              {BENCHMARKS.map((b) => (
                <th scope="col" key={b.key}>
                  {b.title}
                </th>
              ))}
              <th scope="col">Params (B)</th>
              <th scope="col">Precision</th>
              <th scope="col">CO₂ (kg)</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.evaluation_id}>
                <td>{e.rank}</td>
                <TypeCell type={e.model.type} />
                <td class="model">
                  <a href={e.model.hub_url} rel="noopener">
                    {e.model.id}
                  </a>
                </td>
                <td class="average">{score(e.average)}</td>
                {BENCHMARKS.map((b) => (
                  <td key={b.key}>{score(e.scores[b.key].normalized)}</td>
                ))}
                <td>{params(e.model.params_billions)}</td>
                <td>{e.precision}</td>
                <td>{co2(e.co2_kg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        {offset > 0 ? <a href={pageHref(Math.max(0, offset - limit), limit)}>← Previous {limit}</a> : null}
        {last < total ? <a href={pageHref(offset + limit, limit)}>Next {limit} →</a> : null}
      </nav>
    </>
  );
}
