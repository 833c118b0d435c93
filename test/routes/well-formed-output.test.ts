/**
 * Every XML and HTML answer stays well-formed whatever the stored strings hold. Model ids are validated, but a
 * revision, a GPU name, a task name in a partial run's reasons, an evaluator's name, a license, an architecture
 * and a failure reason may hold any character: C0 controls, U+FFFE/U+FFFF, lone surrogates. They are stored
 * through the real routes where one exists, then the feed and badges are checked with the XML parser and every
 * page for characters neither XML nor HTML allows (fast-check).
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { evaluations, models, submissions } from "../../worker/store/schema";
import { bumpVersions } from "../../worker/store/version";
import { BASE, newEvaluator, postSigned } from "../support/evaluators";
import { completedEvent, harnessResults, uniformBbh } from "../support/harness";
import { queued } from "../support/queue-rows";
import { FORBIDDEN_CHAR, xmlProblems } from "../support/xml";
import { published } from "../support/publish";

const db = database(env.DB);
let run = 0;

/** Strings of what XML forbids mixed with markup, quotes and ordinary text. */
const hostile = fc.string({
  unit: fc.constantFrom(
    "\u0000",
    "\u0001",
    "\u0008",
    "\u000b",
    "\u000c",
    "\u001b",
    "\u001f",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\t",
    "\n",
    "\u007f",
    "\u0085",
    "<",
    "&",
    "]]>",
    '"',
    "'",
    "a",
    "é",
    "🚀",
  ),
  minLength: 1,
  maxLength: 24,
});

/** A strong full run, so the model is ranked, in the feed and near the top of the board. */
const strongRun = (model: string) =>
  harnessResults({
    model,
    ifeval: { prompt: 0.95, inst: 0.95 },
    bbh: uniformBbh(0.95),
    math: 0.95,
    gpqa: 0.95,
    mmlu_pro: 0.95,
    musr: { murder_mysteries: 0.95, object_placements: 0.95, team_allocation: 0.95 },
  });

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await SELF.fetch(`${BASE}${path}`);
  return { status: res.status, body: await res.text() };
}

/** `text` percent-encoded as UTF-8, a lone surrogate as the three bytes a careless client would send (WTF-8). */
function percentEncoded(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    out +=
      char.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((b) => `%${b.toString(16)}`)
            .join("")
        : encodeURIComponent(char);
  }
  return out;
}

function expectNoForbidden(body: string, where: string) {
  const at = body.search(new RegExp(FORBIDDEN_CHAR.source));
  expect(at, `${where}: ${JSON.stringify(body.slice(Math.max(0, at - 40), at + 10))}`).toBe(-1);
}

describe("XML and HTML answers with hostile stored strings", () => {
  describe("errors", () => {
    it("the feed, badges and pages stay well-formed whatever revisions, names, licenses and reasons hold", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            name: hostile,
            revision: hostile,
            gpu: hostile,
            task: hostile,
            license: hostile,
            architecture: hostile,
            reason: hostile,
            label: hostile,
          }),
          async (s) => {
            const n = ++run;
            const model = `well-formed/model-${n}`;
            // Trusted, so the run ranks and reaches the feed and badges at once.
            const ev = await newEvaluator({ name: `lab ${s.name}`, trust: "trusted" });
            const ranked = await postSigned(
              ev.id,
              ev.secret!,
              completedEvent(strongRun(model), {
                model: { revision: `r${s.revision}` },
                hardware: { gpu: `g${s.gpu}`, count: 8 },
              }),
            );
            expect(ranked.status, await ranked.clone().text()).toBe(201);
            const partial = strongRun(model);
            partial["n-samples"][`task ${s.task}`] = { original: 10, effective: 5 };
            const partialRes = await postSigned(
              ev.id,
              ev.secret!,
              completedEvent(partial, { model: { revision: "partial" } }),
            );
            expect(partialRes.status, await partialRes.clone().text()).toBe(201);
            await db.update(models).set({ license: s.license }).where(eq(models.id, model));
            await db.update(evaluations).set({ architecture: s.architecture }).where(eq(evaluations.modelId, model));
            await queued(`wf-${n}`, { createdAt: Date.now(), status: "FAILED" });
            await db
              .update(submissions)
              .set({ failureReason: s.reason, revision: s.revision })
              .where(eq(submissions.id, `wf-${n}`));
            await db.batch([bumpVersions(db, ["board", "queue"])]);
            await published();

            const feed = await get("/feed.atom");
            expect(feed.status).toBe(200);
            expect(feed.body).toContain(`<title>${model} (bfloat16)`);
            expect(xmlProblems(feed.body)).toEqual([]);

            const badge = await get(`/badge/${model}.svg?label=${percentEncoded(s.label)}`);
            expect(xmlProblems(badge.body)).toEqual([]);

            for (const path of [
              `/models/${model}`,
              `/?search=well-formed&columns=architecture,license,base_model`,
              `/compare?models=${encodeURIComponent(model)}`,
              "/queue?status=FAILED",
            ]) {
              const page = await get(path);
              expect(page.status, path).toBe(200);
              expectNoForbidden(page.body, path);
            }
          },
        ),
        { numRuns: 15 },
      );
    }, 120_000);
  });
});
