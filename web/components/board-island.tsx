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
  /** Where the compact full dataset is, keyed by board version so it can be cached for good (`as_of` is added). */
  dataUrl: string;
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
