/** The client half of an island (bundled into island scripts only): find the marker, read the props, hydrate. */
import { h, hydrate, type ComponentType } from "preact";

/**
 * What shows someone is about to use an island: the first of these, inside it, wakes it
 * (a touch fires pointerover too, and typing or choosing needs focus first).
 */
const INTENT = ["pointerover", "focusin"] as const;

/**
 * Hydrates every instance of the named island on the page once it is first reached for; pages without it are left
 * alone. The server's markup works on its own (GET forms and links), so a visit that only reads the page runs no
 * hydration at all, and loading the page carries no long task for it (Lighthouse's total blocking time).
 */
export function hydrateIslands<P extends object>(name: string, component: ComponentType<P>): void {
  for (const marker of document.querySelectorAll<HTMLElement>(`[data-island="${name}"]`)) {
    const json = marker.dataset.props;
    if (!json) continue;
    const wake = () => {
      for (const type of INTENT) marker.removeEventListener(type, wake, true);
      // Hydrated while the event is still on its way in (capture phase), the island's own listeners on the
      // elements below receive this same event: the intent that woke it counts.
      hydrate(h(component, JSON.parse(json) as P), marker);
    };
    for (const type of INTENT) marker.addEventListener(type, wake, true);
  }
}
