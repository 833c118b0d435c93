/**
 * The model-card section of a model page: the `model-index` YAML and the Markdown results table of the model's
 * best ranked evaluation, each in a read-only text area with a copy button, and the API URLs that serve them.
 */
import { CopyButtonIsland } from "./copy-button";

export interface ModelCardSnippetsProps {
  modelIndex: string;
  markdown: string;
  /** The API URLs of the two texts (`…/model-index.yaml`, `…/model-card.md`). */
  urls: { modelIndex: string; markdown: string };
}

function Snippet({
  id,
  label,
  what,
  value,
  href,
}: {
  id: string;
  label: string;
  what: string;
  value: string;
  href: string;
}) {
  return (
    <div class="card-snippet">
      <label for={id}>{label}</label> <CopyButtonIsland target={id} what={what} />
      <textarea
        id={id}
        readonly
        rows={Math.min(14, value.split("\n").length)}
        spellcheck={false}
        wrap="off"
        value={value}
        style="width:100%;font-family:ui-monospace,monospace"
      />
      <p class="muted">
        From the API: <a href={href}>{href}</a>
      </p>
    </div>
  );
}

export function ModelCardSnippets({ modelIndex, markdown, urls }: ModelCardSnippetsProps) {
  return (
    <section class="card-snippets" aria-labelledby="card-snippets-title">
      <h2 id="card-snippets-title">Model card</h2>
      <p class="muted">
        Put these results in the model's Hugging Face card: the YAML goes into the card's metadata (the front matter
        between <code>---</code> lines) and shows as its "Evaluation results" panel; the table goes into its text.
      </p>
      <Snippet
        id="card-model-index"
        label="model-index (YAML)"
        what="the model-index YAML"
        value={modelIndex}
        href={urls.modelIndex}
      />
      <Snippet
        id="card-markdown"
        label="Results table (Markdown)"
        what="the Markdown table"
        value={markdown}
        href={urls.markdown}
      />
    </section>
  );
}
