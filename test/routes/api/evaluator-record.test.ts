import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";

// MMLU-Pro normalizes as (raw − 0.1) / 0.9 × 100: 0.3 and 0.305 agree within 1 point, 0.3 and 0.33 do not.
const run = (model: string, mmluPro: number, gpu: string) =>
  completedEvent(harnessResults({ model, mmlu_pro: mmluPro }), { hardware: { gpu, count: 8 } });

async function push(ev: { id: string; secret?: string }, body: unknown) {
  const res = await postSigned(ev.id, ev.secret!, body);
  expect(res.status).toBe(201);
  return (await res.json()) as any;
}

describe("an evaluator's public record", () => {
  it("counts its runs pushed, reproduced and disputed, the hardware seen, and lists its runs newest first", async () => {
    const [lab, peer] = [await newEvaluator({ name: "record lab" }), await newEvaluator()];
    const agreed = await push(lab, run("record/agreed", 0.3, "H100"));
    await push(peer, run("record/agreed", 0.305, "A100"));
    await push(peer, run("record/disputed", 0.3, "A100"));
    const disputed = await push(lab, run("record/disputed", 0.33, "H100"));
    const alone = await push(lab, run("record/alone", 0.3, "L4"));

    const res = await SELF.fetch(`${BASE}/api/v1/evaluators/${lab.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({
      id: lab.id,
      name: "record lab",
      trust: "community",
      revoked_at: null,
      hardware: ["8 × H100", "8 × L4"],
      runs_pushed: 3,
      runs_reproduced: 1,
      runs_disputed: 1,
      runs_rejected: 0,
    });
    expect(body.last_run_at).toBe(body.runs[0].created_at);
    expect(body.runs.map((r: any) => [r.evaluation_id, r.verification])).toEqual([
      [alone.evaluation_id, "provisional"],
      [disputed.evaluation_id, "disputed"],
      [agreed.evaluation_id, "reproduced"],
    ]);
    expect(body.record.map((e: any) => e.action)).toEqual(["evaluator.created"]);

    const page = await SELF.fetch(`${BASE}/evaluators/${lab.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>record lab</h1>");
    expect(html).toContain('<td class="verification-disputed">disputed</td>');
    expect(html).toContain("8 × H100, 8 × L4");
  });

  it("answers 404 for an unknown evaluator, on the API and the page", async () => {
    expect((await SELF.fetch(`${BASE}/api/v1/evaluators/ev_nobody`)).status).toBe(404);
    expect((await SELF.fetch(`${BASE}/evaluators/ev_nobody`)).status).toBe(404);
  });
});
