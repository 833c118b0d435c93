/**
 * The island's table keeps in the DOM only the rows from the top to just past the table's frame: style, layout and
 * paint cost per row in the DOM (26 elements each), and the table lays out whole whenever a row changes. When the
 * view changes (in the task after the keystroke's frame: web/islands/board.tsx), it renders the first screenful;
 * further rows render a step at a time as the end of the rendered rows nears the bottom of the table's frame
 * (scrolling, or Tab moving focus down the rows), found by an IntersectionObserver rather than reading scroll
 * positions in handlers. A block below the table stands in for the rows not rendered yet, so the frame's scrollbar
 * and the page's layout keep the whole view's height. The server renders every row (no JavaScript, no window), and
 * so does the island until its view first changes.
 */
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { RankedRow } from "../../worker/domain/board/engine";

/**
 * The rows a changed view renders before its next frame, and each later step: the first screen's (12 on a 1280×800
 * desktop, 8 on a phone: test/browser/layout.test.ts). 24 cost the keystroke's own layout and paint three times
 * as much (BENCHMARKS.md, issue 16); the rows below follow in the next frames.
 */
export const STEP_ROWS = 12;
/** A row's height before the first one is measured, px (one line of the board's 0.875rem text and its padding). */
const ROW_PX_GUESS = 31;
/** How far below the frame's bottom the next rows are rendered, ahead of the scroll. */
const AHEAD = "0px 0px 50% 0px";

interface Staged {
  rows: readonly RankedRow[];
  /** Rows of `rows` rendered, from the top. */
  upTo: number;
}

/**
 * Whether two views show the same rows in the same places: the island's first view over its slice names the rows
 * the server rendered by other ids (placeholders until the slice's rest loads), and must not empty the table below
 * its first screenful.
 */
function sameRowsShown(a: readonly RankedRow[], b: readonly RankedRow[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i] as RankedRow;
    return x.row.model === y.row.model && x.row.precision === y.row.precision && x.rank === y.rank;
  });
}

export interface RowWindow {
  /** The rows to render: the view's first `shown.length`. */
  shown: readonly RankedRow[];
  /** The height standing in for the rows below them, px; 0 when every row is rendered. */
  restPx: number;
  /** Set on the block below the table: reaching it renders the next rows. */
  rest: RefObject<HTMLDivElement | null>;
  /** Set on the table's scrolling frame, the observer's root. */
  frame: RefObject<HTMLDivElement | null>;
}

export function useRowWindow(rows: readonly RankedRow[]): RowWindow {
  const staged = useRef<Staged | undefined>(undefined);
  const rowPx = useRef(ROW_PX_GUESS);
  const rest = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [, rerender] = useState({});
  const prev = staged.current;
  const s: Staged =
    prev?.rows === rows
      ? prev
      : { rows, upTo: prev && !sameRowsShown(prev.rows, rows) ? Math.min(STEP_ROWS, rows.length) : rows.length };
  staged.current = s;
  const { upTo } = s;
  useEffect(() => {
    const block = rest.current;
    if (upTo >= rows.length || !block || !frame.current) return;
    // A new observer reports its target's state once, after the frame that rendered these rows: still near the
    // bottom (a tall frame, a scrolled one), the next step renders, and observing again checks once more.
    const observer = new IntersectionObserver(
      (entries) => {
        // Layout is clean in an observer's callback: reading the rows' height here forces none. The block below
        // takes the measured height, so the frame's scrollbar stays put as rows replace it.
        const body = block.previousElementSibling?.querySelector("tbody");
        const measured = body && upTo > 0 ? body.getBoundingClientRect().height / upTo : rowPx.current;
        const resized = Math.abs(measured - rowPx.current) * (rows.length - upTo) >= 1;
        rowPx.current = measured;
        if (entries.some((e) => e.isIntersecting)) s.upTo = Math.min(rows.length, upTo + STEP_ROWS);
        if (resized || s.upTo !== upTo) rerender({});
      },
      { root: frame.current, rootMargin: AHEAD },
    );
    observer.observe(block);
    return () => observer.disconnect();
  }, [s, rows, upTo]);
  return {
    shown: upTo >= rows.length ? rows : rows.slice(0, upTo),
    restPx: Math.round((rows.length - upTo) * rowPx.current),
    rest,
    frame,
  };
}
