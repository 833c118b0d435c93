/**
 * Which revisions a submission may name: main, a tag, or a full commit of main's history. Anything else (a pull
 * request's head, other refs/, other branches, a commit only a pull request holds) would rank weights anyone can
 * push under the real model's name.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { submissions } from "../../../worker/store/schema";
import { as, signIn, submission, testApp } from "../../support/app";
import { GOOD_FACTS, HubDouble } from "../../support/hub-double";

const OLD_MAIN = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";
const TAGGED = "2222222222222222222222222222222222222222";
const PR_HEAD = "badc0ffee0badc0ffee0badc0ffee0badc0ffee0";
const DEV_HEAD = "3333333333333333333333333333333333333333";
const RULE = "a revision must be main, a tag, or a full 40-hex commit in main's history";

const hub = new HubDouble();
for (const model of ["rev-org/main", "rev-org/tag", "rev-org/old", "rev-org/upper", "rev-org/attack"]) {
  hub
    .add(model)
    .add(model, { sha: OLD_MAIN }, OLD_MAIN)
    .add(model, { sha: TAGGED }, "v1.0")
    .add(model, { sha: PR_HEAD }, "refs/pr/1", "pr")
    .add(model, { sha: PR_HEAD }, PR_HEAD, "detached")
    .add(model, { sha: DEV_HEAD }, "dev", "branch");
}
const app = testApp({ hub });
const db = database(env.DB);
let alice: { id: string; cookie: string };

beforeAll(async () => {
  alice = await signIn("rev-org");
});

const post = (body: string, vars: Partial<Env> = {}) =>
  app.fetch("/api/v1/submissions", { method: "POST", headers: as(alice), body }, vars);

async function stored(model: string) {
  return db.select().from(submissions).where(eq(submissions.modelId, model));
}

describe("submission revisions", () => {
  describe("happy", () => {
    it.each([
      ["rev-org/main", "main", GOOD_FACTS.sha],
      ["rev-org/tag", "v1.0", TAGGED],
      ["rev-org/old", OLD_MAIN, OLD_MAIN],
    ])("accepts %s at %s and stores the commit the Hub resolved", async (model, revision, sha) => {
      const res = await post(submission(model, { revision }));
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).data).toMatchObject({ model, revision, sha, verified: true });
    });

    it("reads a commit written in capitals as the same lower-case commit", async () => {
      const res = await post(submission("rev-org/upper", { revision: OLD_MAIN.toUpperCase() }));
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).data).toMatchObject({ revision: OLD_MAIN, sha: OLD_MAIN });
      const refused = await post(
        submission("rev-org/upper", { revision: PR_HEAD.toUpperCase(), precision: "float16" }),
      );
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as any).error.details[0].message).toBe(
        `${PR_HEAD} is not a commit of main's history: ${RULE}`,
      );
    });
  });

  describe("errors", () => {
    it.each([
      ["refs/pr/1", "refs/pr/1 is a ref name (pull requests and every other refs/ name are refused)"],
      ["refs/heads/main", "refs/heads/main is a ref name (pull requests and every other refs/ name are refused)"],
      ["REFS/PR/1", "REFS/PR/1 is a ref name (pull requests and every other refs/ name are refused)"],
      ["dev", "dev is a branch other than main"],
      [PR_HEAD, `${PR_HEAD} is not a commit of main's history`],
    ])("refuses %s with a 422 naming the rule, and stores nothing", async (revision, why) => {
      const res = await post(submission("rev-org/attack", { revision }));
      expect(res.status).toBe(422);
      const message = `${why}: ${RULE}`;
      expect(await res.json()).toEqual({
        error: {
          code: "unprocessable",
          message: `Check revision failed: ${message}`,
          details: [{ check: "revision", message }],
        },
      });
      expect(await stored("rev-org/attack")).toEqual([]);
    });

    it.each([
      ["lone surrogate", 0xd800],
      ["control character", 0x01],
    ])("refuses a revision with a %s (it cannot go into a Hub URL) with a 422, not a 500", async (_, code) => {
      const res = await post(submission("rev-org/attack", { revision: `v1${String.fromCharCode(code)}` }));
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).error.details).toEqual([
        { check: "revision", message: `the revision is not printable text: ${RULE}` },
      ]);
    });

    it("refuses refs/ names offline too, without asking the Hub", async () => {
      const before = hub.asked.length;
      for (const revision of ["refs/pr/1", "refs/convert/parquet"]) {
        const res = await post(submission("offline-rev/model", { revision }), { HUB_OFFLINE: "true" });
        expect(res.status).toBe(422);
        expect(((await res.json()) as any).error.details).toEqual([
          {
            check: "revision",
            message: `${revision} is a ref name (pull requests and every other refs/ name are refused): ${RULE}`,
          },
        ]);
      }
      expect(hub.asked.length).toBe(before);
      expect(await stored("offline-rev/model")).toEqual([]);
    });

    it("shows the rule next to the revision field of the HTML form", async () => {
      const res = await app.fetch("/submit", {
        method: "POST",
        headers: { ...as(alice), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          model: "rev-org/attack",
          revision: "refs/pr/1",
          precision: "bfloat16",
          weight_type: "Original",
          model_type: "chat",
        }).toString(),
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(
        `<span class="field-error" id="revision-error" role="alert">refs/pr/1 is a ref name (pull requests and every other refs/ name are refused): ${RULE}</span>`,
      );
    });
  });
});
