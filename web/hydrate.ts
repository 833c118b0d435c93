/** The client half of an island (bundled into island scripts only): find the marker, read the props, hydrate. */
import { h, hydrate, type ComponentType } from "preact";

/** Hydrates every instance of the named island on the page; pages without it are left alone. */
export function hydrateIslands<P extends object>(name: string, component: ComponentType<P>): void {
  for (const marker of document.querySelectorAll<HTMLElement>(`[data-island="${name}"]`)) {
    const json = marker.dataset.props;
    if (json) hydrate(h(component, JSON.parse(json) as P), marker);
  }
}
