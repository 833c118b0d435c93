/**
 * Copy-ready badge snippets for a model page: for each metric, a preview and the Markdown (linking back to the
 * model's Podium page), HTML and shields.io endpoint URL to paste into a model card or README, and one example
 * with shields' own parameters. The snippets sit in read-only text areas that select and copy like any text; the
 * copy island adds a button to each where JavaScript runs.
 */
import { BADGE_METRICS, type BadgeMetric } from "../../worker/domain/badge-content";
import { benchmark } from "../../worker/domain/benchmarks";
import { idPath } from "../../worker/domain/ids";
import type { Precision } from "../../worker/domain/vocabulary";
import { xmlEscape } from "../../worker/domain/xml";
import { CopyButtonIsland } from "./copy-button";

export interface BadgeSnippetsProps {
  /** Where Podium is served, e.g. `https://podium.example` (no trailing slash). */
  origin: string;
  /** The Hub id, `org/name` (or a legacy id without an org). */
  modelId: string;
  /** Pin the badges to one evaluation's precision; by default they follow the model's best ranked row. */
  precision?: Precision;
}

export interface BadgeUrls {
  svg: string;
  json: string;
  page: string;
  shields: string;
}

/** Human name of a metric, as the page shows it. */
export function metricName(metric: BadgeMetric): string {
  if (metric === "rank") return "Rank";
  if (metric === "rank_range") return "Rank range";
  if (metric === "average") return "Average";
  return benchmark(metric).title;
}

/** The example of shields parameters the section shows (they work on every badge URL). */
export const SHIELDS_EXAMPLE: Readonly<Record<string, string>> = { style: "for-the-badge", logo: "huggingface" };

/**
 * The badge image, endpoint JSON, model page and shields.io endpoint URLs of one metric, with any shields
 * parameters (`style`, `color`, `logo`, …) after the metric and precision.
 */
export function badgeUrls(
  origin: string,
  modelId: string,
  metric: BadgeMetric,
  precision?: Precision,
  shields: Readonly<Record<string, string>> = {},
): BadgeUrls {
  const base = origin.replace(/\/+$/, "");
  const query = new URLSearchParams({ metric });
  if (precision) query.set("precision", precision);
  for (const [name, value] of Object.entries(shields)) query.set(name, value);
  const json = `${base}/badge/${idPath(modelId)}.json?${query}`;
  return {
    svg: `${base}/badge/${idPath(modelId)}.svg?${query}`,
    json,
    page: `${base}/models/${idPath(modelId)}`,
    shields: `https://img.shields.io/endpoint?url=${encodeURIComponent(json)}`,
  };
}

const markdownText = (text: string) => text.replace(/[\\[\]]/g, (c) => `\\${c}`);
const htmlAttribute = xmlEscape;

/** The three snippets of one metric, as text to paste. */
export function badgeSnippets(
  origin: string,
  modelId: string,
  metric: BadgeMetric,
  precision?: Precision,
  shields: Readonly<Record<string, string>> = {},
): { markdown: string; html: string; shields: string; alt: string; urls: BadgeUrls } {
  const urls = badgeUrls(origin, modelId, metric, precision, shields);
  const alt = `Podium ${metric === "rank" || metric === "average" ? metric : metricName(metric)} of ${modelId}`;
  return {
    alt,
    urls,
    markdown: `[![${markdownText(alt)}](${urls.svg})](${urls.page})`,
    html: `<a href="${htmlAttribute(urls.page)}"><img src="${htmlAttribute(urls.svg)}" alt="${htmlAttribute(alt)}"></a>`,
    shields: urls.shields,
  };
}

function Snippet({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div class="badge-snippet">
      <label for={id}>{label}</label> <CopyButtonIsland target={id} what={`the ${label} snippet`} />
      <textarea
        id={id}
        readonly
        rows={3}
        spellcheck={false}
        value={value}
        style="width:100%;font-family:ui-monospace,monospace"
      />
    </div>
  );
}

/** One badge with shields' parameters, and the parameters every badge URL takes. */
function BadgeExample({ origin, modelId, precision }: BadgeSnippetsProps) {
  const s = badgeSnippets(origin, modelId, "rank", precision, SHIELDS_EXAMPLE);
  return (
    <details data-example="shields">
      <summary>
        With shields' parameters <img src={s.urls.svg} alt={s.alt} height={28} loading="lazy" />
      </summary>
      <p class="muted">
        Every badge URL takes <code>style</code>, <code>label</code>, <code>color</code>, <code>labelColor</code>,{" "}
        <code>logo</code> (huggingface, github, arxiv), <code>logoColor</code> and <code>cacheSeconds</code>, as on
        shields.io.
      </p>
      <Snippet id="badge-example-markdown" label="Markdown" value={s.markdown} />
    </details>
  );
}

/** The badges section of a model page. */
export function BadgeSnippets({ origin, modelId, precision }: BadgeSnippetsProps) {
  return (
    <section class="badge-snippets" aria-labelledby="badge-snippets-title">
      <h2 id="badge-snippets-title">Badges</h2>
      <p class="muted">
        Put this model's standing in its model card or README. Badges follow the latest data within five minutes.
      </p>
      {BADGE_METRICS.map((metric, i) => {
        const s = badgeSnippets(origin, modelId, metric, precision);
        return (
          <details key={metric} open={i === 0} data-metric={metric}>
            <summary>
              {metricName(metric)} <img src={s.urls.svg} alt={s.alt} height={20} loading="lazy" />
            </summary>
            <Snippet id={`badge-${metric}-markdown`} label="Markdown" value={s.markdown} />
            <Snippet id={`badge-${metric}-html`} label="HTML" value={s.html} />
            <Snippet id={`badge-${metric}-shields`} label="shields.io endpoint" value={s.shields} />
          </details>
        );
      })}
      <BadgeExample origin={origin} modelId={modelId} {...(precision ? { precision } : {})} />
    </section>
  );
}
