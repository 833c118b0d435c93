/** The board as an island: the server renders it with the props the client script hydrates it with. */
import type { RankedRow } from "../../worker/domain/board/engine";
import type { BoardQuery } from "../../worker/domain/board/query";
import { fullRow, type LeanRow, leanRow } from "../../worker/domain/board/wire";
import { Board } from "./board";
import { Island } from "./island";

export interface BoardIslandProps {
  query: BoardQuery;
  rows: RankedRow[];
  total: number;
  boardSize: number;
  firstDate: string | null;
  problem: string | null;
  /**
   * The slice of the board version the page was rendered from (an immutable URL; the island adds `as_of` for
   * another day, `/rest` for the ids and the other columns); null above the size where the island asks the API
   * for each view instead (API mode).
   */
  dataUrl: string | null;
}

/**
 * The props as the page carries them: rows whose standard errors are the seeded estimate go without them (the
 * island computes them again, as from the wire), which keeps a 100-row page's HTML within its budget.
 */
export type BoardIslandWireProps = Omit<BoardIslandProps, "rows"> & {
  rows: Array<Omit<RankedRow, "row"> & { row: LeanRow }>;
};

/** The props whole again, on hydration. */
export function fullIslandProps(props: BoardIslandWireProps): BoardIslandProps {
  return { ...props, rows: props.rows.map((r) => ({ ...r, row: fullRow(r.row) })) };
}

export function BoardIslandServer(props: BoardIslandProps) {
  const wire: BoardIslandWireProps = { ...props, rows: props.rows.map((r) => ({ ...r, row: leanRow(r.row) })) };
  return (
    <Island name="board" props={wire}>
      <Board
        query={props.query}
        rows={props.rows}
        total={props.total}
        boardSize={props.boardSize}
        firstDate={props.firstDate}
        problem={props.problem}
      />
    </Island>
  );
}
