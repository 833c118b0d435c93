import { buildWorker } from "../../scripts/app-server";

/** Builds the deploy bundle once before the Node-side tests serve it. */
export default function setup(): void {
  buildWorker();
}
