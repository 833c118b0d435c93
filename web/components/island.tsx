/**
 * The server half of an island (honox style): a marker element naming the island and carrying its props as
 * JSON in a data attribute (escaped like any attribute, never executed, so a strict CSP needs no exception),
 * around the server-rendered markup the client script hydrates. Props must be plain JSON.
 */
import type { ComponentChildren } from "preact";

export function Island({ name, props, children }: { name: string; props: unknown; children: ComponentChildren }) {
  return (
    <div data-island={name} data-props={JSON.stringify(props)}>
      {children}
    </div>
  );
}
