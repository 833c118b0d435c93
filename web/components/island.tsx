/**
 * The server half of an island (honox style): a marker element naming the island, its props serialized as
 * JSON in a non-executed <script type="application/json"> (allowed by a strict CSP), and the server-rendered
 * markup the client script hydrates. Props must be plain JSON.
 */
import type { ComponentChildren } from "preact";

/** JSON that cannot close the <script> element it sits in. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function Island({ name, props, children }: { name: string; props: unknown; children: ComponentChildren }) {
  return (
    <div data-island={name}>
      <script type="application/json" data-island-props="" dangerouslySetInnerHTML={{ __html: scriptSafeJson(props) }} />
      <div data-island-root="">{children}</div>
    </div>
  );
}
