/** Inline SVG charts (no script, no library): a model's history and a side-by-side comparison. */
import { plusMinus, score } from "../format";

export interface HistoryPoint {
  /** ISO date (YYYY-MM-DD) of the evaluation. */
  date: string;
  average: number;
  label: string;
}

const W = 640;
const H = 220;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

function yOf(value: number, max: number): number {
  return PAD.top + (1 - value / max) * (H - PAD.top - PAD.bottom);
}

function niceMax(values: readonly number[]): number {
  const top = Math.max(10, ...values);
  return Math.min(100, Math.ceil(top / 10) * 10);
}

function YAxis({ max }: { max: number }) {
  const ticks = [0, max / 2, max];
  return (
    <g>
      {ticks.map((t) => (
        <g key={t}>
          <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={yOf(t, max)} y2={yOf(t, max)} />
          <text x={PAD.left - 4} y={yOf(t, max) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
    </g>
  );
}

/** The average of each evaluation over time, oldest left; one point per evaluation. */
export function HistoryChart({ points, title }: { points: readonly HistoryPoint[]; title: string }) {
  const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date));
  const max = niceMax(sorted.map((p) => p.average));
  const times = sorted.map((p) => Date.parse(p.date));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const xOf = (t: number) =>
    t1 === t0 ? (PAD.left + W - PAD.right) / 2 : PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const path = sorted.map(
    (p, i) => `${i === 0 ? "M" : "L"}${xOf(times[i] ?? t0).toFixed(1)},${yOf(p.average, max).toFixed(1)}`,
  );
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <title>{title}</title>
        <YAxis max={max} />
        {sorted.length > 1 ? <path d={path.join(" ")} class="s1" fill="none" stroke-width="2" /> : null}
        {sorted.map((p, i) => (
          <circle key={`${p.date}-${i}`} class="s1" cx={xOf(times[i] ?? t0)} cy={yOf(p.average, max)} r="4">
            <title>{`${p.label}: ${score(p.average)} (${p.date})`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={H - 8}>
          {sorted[0]?.date}
        </text>
        {sorted.length > 1 ? (
          <text x={W - PAD.right} y={H - 8} text-anchor="end">
            {sorted[sorted.length - 1]?.date}
          </text>
        ) : null}
      </svg>
      <figcaption>Average score per evaluation, by date.</figcaption>
    </figure>
  );
}

export interface CompareSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  /** Half-widths of the values' 95% intervals, drawn as whiskers; null where there is none. */
  ci95?: ReadonlyArray<number | null>;
}

/** A 95% interval as a whisker with caps across a bar's centre, clipped to the axis. */
function Whisker({
  x,
  width,
  value,
  half,
  max,
}: {
  x: number;
  width: number;
  value: number;
  half: number;
  max: number;
}) {
  const top = yOf(Math.min(max, value + half), max);
  const bottom = yOf(Math.max(0, value - half), max);
  const mid = x + width / 2;
  const cap = width / 4;
  return (
    <path
      class="whisker"
      d={`M${(mid - cap).toFixed(1)},${top.toFixed(1)}h${(2 * cap).toFixed(1)}M${mid.toFixed(1)},${top.toFixed(1)}V${bottom.toFixed(1)}M${(mid - cap).toFixed(1)},${bottom.toFixed(1)}h${(2 * cap).toFixed(1)}`}
    />
  );
}

/**
 * Grouped bars: one group per category, one bar per series (≤ 6), colours matching the legend, each with the
 * whisker of its 95% interval when the series has one.
 */
export function CompareChart({
  categories,
  series,
  title,
}: {
  categories: readonly string[];
  series: readonly CompareSeries[];
  title: string;
}) {
  const max = niceMax(series.flatMap((s) => s.values.flatMap((v, i) => (v == null ? [] : [v + (s.ci95?.[i] ?? 0)]))));
  const groupWidth = (W - PAD.left - PAD.right) / Math.max(1, categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <title>{title}</title>
        <YAxis max={max} />
        {categories.map((c, ci) => {
          const x0 = PAD.left + ci * groupWidth + groupWidth * 0.1;
          return (
            <g key={c}>
              {series.map((s, si) => {
                const v = s.values[ci];
                if (v == null) return null;
                const y = yOf(v, max);
                const half = s.ci95?.[ci] ?? null;
                const x = x0 + si * barWidth;
                return (
                  <g key={s.label}>
                    <rect class={`s${si + 1}`} x={x} y={y} width={barWidth * 0.9} height={yOf(0, max) - y}>
                      <title>{`${s.label} — ${c}: ${score(v)}${half === null ? "" : ` ${plusMinus(half)}`}`}</title>
                    </rect>
                    {half === null ? null : <Whisker x={x} width={barWidth * 0.9} value={v} half={half} max={max} />}
                  </g>
                );
              })}
              <text x={x0 + (groupWidth * 0.8) / 2} y={H - 10} text-anchor="middle">
                {c}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s, si) => (
          <li key={s.label}>
            <i class={`s${si + 1}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
