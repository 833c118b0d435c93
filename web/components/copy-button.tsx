/**
 * The server half of a copy button: an island marker naming the `<textarea>` to copy, empty in the HTML. A page
 * without JavaScript shows only the read-only text area, which selects and copies like any text; where the copy
 * island runs (web/islands/copy.ts) it puts a button in the marker.
 */
import { Island } from "./island";

export interface CopyButtonProps {
  /** The id of the `<textarea>` whose text the button copies. */
  target: string;
  /** What the button copies, for its accessible name ("Copy the model-index YAML"). */
  what: string;
}

export function CopyButtonIsland(props: CopyButtonProps) {
  return (
    <Island name="copy" props={props}>
      {null}
    </Island>
  );
}
