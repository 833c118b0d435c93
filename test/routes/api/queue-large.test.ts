/**
 * A queue longer than D1's 100 bound parameters per statement: the API and the page still answer every entry
 * with its history (the history lookup once bound one parameter per entry and failed past 100).
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { createSubmission } from "../../../worker/store/submissions";
import { signIn } from "../../support/app";

const SIZE = 130;

beforeAll(async () => {
  const user = await signIn("queue-filler");
  const db = database(env.DB);
  const now = Date.now();
  for (let i = 0; i < SIZE; i++) {
    await createSubmission(
      db,
      {
        id: `sub-large-${String(i).padStart(3, "0")}`,
        modelId: `large-${i}/model`,
        namespace: `large-${i}`,
        revision: "main",
        sha: "main",
        precision: "bfloat16",
        weightType: "Original",
        baseModel: null,
        modelType: "chat",
        chatTemplate: true,
        verified: false,
        paramsBillions: null,
        license: null,
        submitterId: user.id,
      },
      now - i,
    );
  }
});

describe("a queue of more than 100 entries", () => {
  describe("happy", () => {
    it("lists 130 entries on one API page, each with its history", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/queue?limit=500");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: Array<{ history: Array<{ status: string }> }> };
      expect(body.data).toHaveLength(SIZE);
      for (const entry of body.data) expect(entry.history.map((h) => h.status)).toEqual(["PENDING"]);
    });

    it("renders the queue page", async () => {
      const res = await SELF.fetch("https://podium.test/queue");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("large-129/model");
    });
  });
});
