/**
 * What the board island needs once it holds the dataset: the slice decoded as the columnar board, and the engine
 * the server runs. The island imports this module only when the board is first reached for, with the dataset, so a
 * visit that only reads the server's view downloads neither (the island script's gzip budget, test/browser).
 */
export { applyBoard, boardSizeFor } from "../worker/domain/board/engine";
export { decodeSlice, inflate, withRest } from "../worker/domain/board/slice";
