/**
 * A model type's mark as a CSS shape (styles.ts `.ti`), not an emoji: it looks the same whether or not the
 * machine has a colour-emoji font. Decorative: the type's name is always written beside it or for screen readers.
 */
import type { ModelType } from "../../worker/domain/vocabulary";

export function TypeIcon({ type }: { type: ModelType }) {
  return <i class={`ti ti-${type}`} aria-hidden="true" />;
}
