/**
 * `npx tsx bench/hub-history.ts`: what checking a submitted commit against main's history costs at worst (a
 * commit that is not there, so every page is read): requests, bytes and CPU of the real Hub client against an
 * in-process Hub answering pages of realistic commits.
 */
import { HISTORY_PAGE_SIZE, HISTORY_PAGES, HttpHubClient } from "../worker/adapters/hub";

const RUNS = 21;
const hex = (n: number) => n.toString(16).padStart(40, "0");

/** A page as the commits API sends it: id, title, message, authors and date per commit. */
function page(p: number): string {
  return JSON.stringify(
    Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => ({
      id: hex(p * HISTORY_PAGE_SIZE + i),
      title: "Upload model weights and tokenizer configuration (#123)",
      message: `\n\n- Uploads the safetensors shards and the tokenizer config (${hex(i)})\n`,
      authors: [
        {
          user: "someone",
          avatar: "https://cdn-avatars.huggingface.co/v1/production/uploads/5e3aec01f55e2b62848a5217/a.jpeg",
        },
      ],
      date: "2024-02-19T10:57:45.000Z",
    })),
  );
}

const pages = Array.from({ length: HISTORY_PAGES + 1 }, (_, p) => page(p));
let requests = 0;
let bytes = 0;
const hub = (async (input: RequestInfo | URL) => {
  const url = new URL(String(input));
  const p = Number(url.searchParams.get("p") ?? 0);
  const next = new URL(url);
  next.searchParams.set("p", String(p + 1));
  requests += 1;
  bytes += pages[p]?.length ?? 2;
  return new Response(pages[p] ?? "[]", { headers: { link: `<${next}>; rel="next"` } });
}) as typeof fetch;

const client = new HttpHubClient("https://hub.test", hub);
const cpu: number[] = [];
for (let run = 0; run < RUNS; run++) {
  [requests, bytes] = [0, 0];
  const start = process.cpuUsage();
  if (await client.inHistory("org/model", "main", "f".repeat(40))) throw new Error("the absent commit was found");
  const used = process.cpuUsage(start);
  cpu.push((used.user + used.system) / 1000);
}
cpu.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ requests, megabytes: +(bytes / 1e6).toFixed(2), cpuMsMedian: +cpu[RUNS >> 1]!.toFixed(1), cpuMsMax: +cpu[RUNS - 1]!.toFixed(1) })}\n`,
);
