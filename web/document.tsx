/** The HTML shell of every page: one inline stylesheet, no web fonts, and scripts only for pages with islands. */
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { xmlSafe } from "../worker/domain/xml";
import { Header, type Section } from "./components/header";
import { STYLES } from "./styles";

export interface DocumentProps {
  title: string;
  description?: string;
  children: ComponentChildren;
  /** Module scripts (asset URLs) for the islands on this page; none means the page ships no script. */
  scripts?: readonly string[];
  /** The header's nav entry for this page. */
  section?: Section;
  /** Sign-in state shown in the header. */
  account?: ComponentChildren;
}

// Feed readers find the feed from any page by this link (Atom autodiscovery); the title matches the feed's own.
const FEED_TITLE = "Podium: newly ranked evaluations";

/**
 * The page's first render waits until the parser reaches the footer (`<link rel="expect" blocking="render">`,
 * Chromium 124+; other browsers ignore it): the board's 100-row table is then laid out once, not once more for
 * every chunk of rows the parser adds, each time whole (BENCHMARKS.md, Lighthouse on `/`). `blocking` is not in
 * Preact's types, hence the spread.
 */
const FOOTER_ID = "site-footer";
const RENDER_BLOCKING: Record<string, string> = { blocking: "render" };

function Document({ title, description, children, scripts = [], section, account }: DocumentProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="expect" href={`#${FOOTER_ID}`} {...RENDER_BLOCKING} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/atom+xml" title={FEED_TITLE} href="/feed.atom" />
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
        {scripts.map((src) => (
          <script type="module" src={src} key={src} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <Header current={section} account={account} />
        <main id="main">{children}</main>
        <footer class="site" id={FOOTER_ID}>
          Scores: lm-evaluation-harness <code>leaderboard</code> suite, normalized as the Open LLM Leaderboard v2 did.
          Seeded with its final public data. <a href="/feed.atom">Atom feed</a> of newly ranked evaluations.
        </footer>
      </body>
    </html>
  );
}

/**
 * Renders a full page to an HTML string with its doctype. Preact escapes markup but passes control characters
 * through; stored strings may hold them, so they are removed from the whole page (our own markup has none).
 */
export function renderDocument(props: DocumentProps): string {
  return xmlSafe(`<!doctype html>${renderToString(<Document {...props} />)}`);
}
