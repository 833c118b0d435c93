/**
 * The frame a wide table scrolls in (styles.ts `.table-wrap`), reachable by keyboard: a frame that scrolls must take
 * focus so that its hidden columns can be reached without a pointer (axe `scrollable-region-focusable`).
 */
import type { ComponentChildren } from "preact";

export function ScrollFrame({ children }: { children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard.
    <div class="table-wrap" tabIndex={0}>
      {children}
    </div>
  );
}
