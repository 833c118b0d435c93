/**
 * The deterministic wait for a publish, for tests that write the board straight into D1 (no write route asks the
 * publisher then): the publisher publishes D1's board now, as the alarm would.
 */
import { env } from "cloudflare:test";

export async function published(): Promise<void> {
  const reply = await env.BOARD_PUBLISHER.getByName("board").request(0);
  if (reply.kind !== "published" && reply.kind !== "unchanged") throw new Error(`no publish: ${reply.kind}`);
}
