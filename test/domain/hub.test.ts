import { describe, expect, it } from "vitest";
import { cardTextLength, checkHubFacts, maxBillions } from "../../worker/domain/hub";
import { HttpHubClient } from "../../worker/services/hub-client";
import { GOOD_FACTS } from "../support/hub-double";

const asked = { model: "o/m", revision: "main", precision: "bfloat16", weightType: "Original", chatTemplate: false } as const;

describe("Hub checks", () => {
  it("pass good facts and scale the size limit by precision", () => {
    expect(checkHubFacts(asked, GOOD_FACTS)).toEqual([]);
    expect([maxBillions("bfloat16"), maxBillions("float16"), maxBillions("8bit"), maxBillions("4bit")]).toEqual([100, 100, 200, 400]);
    expect(checkHubFacts(asked, { ...GOOD_FACTS, parameters: 100e9 })).toEqual([]);
    expect(checkHubFacts(asked, { ...GOOD_FACTS, parameters: 100e9 + 1 })[0]?.check).toBe("parameters");
  });

  it("measure the card without its YAML front matter", () => {
    expect(cardTextLength("---\nlicense: mit\n---\n\n  hello  \n")).toBe(5);
    expect(cardTextLength("no front matter")).toBe(15);
  });
});

describe("HttpHubClient", () => {
  function fakeHub(routes: Record<string, Response>) {
    const asked: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      return routes[url]?.clone() ?? new Response("not found", { status: 404 });
    }) as typeof fetch;
    return { asked, client: new HttpHubClient("https://hub.test/", fetcher) };
  }

  it("reads sha, license, parameters and the chat template from the model API and the card from README", async () => {
    const api =
      "https://hub.test/api/models/org/model/revision/main?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config&expand[]=siblings";
    const { client, asked: calls } = fakeHub({
      [api]: Response.json({
        sha: "abc",
        cardData: { license: "mit" },
        safetensors: { parameters: { BF16: 7e9 }, total: 7e9 },
        config: { tokenizer_config: { chat_template: "{{ messages }}" } },
        siblings: [],
      }),
      "https://hub.test/org/model/raw/abc/README.md": new Response(`---\nlicense: mit\n---\n${"x".repeat(250)}`),
    });
    expect(await client.modelFacts("org/model", "main")).toEqual({
      sha: "abc",
      license: "mit",
      cardLength: 250,
      parameters: 7e9,
      hasChatTemplate: true,
    });
    expect(calls).toHaveLength(2);
  });

  it("finds a chat_template.jinja file, and says null for a missing model", async () => {
    const api =
      "https://hub.test/api/models/org/m2/revision/v1?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config&expand[]=siblings";
    const { client } = fakeHub({
      [api]: Response.json({ sha: "def", siblings: [{ rfilename: "chat_template.jinja" }] }),
    });
    expect(await client.modelFacts("org/m2", "v1")).toEqual({
      sha: "def",
      license: null,
      cardLength: 0,
      parameters: null,
      hasChatTemplate: true,
    });
    expect(await client.modelFacts("org/none", "main")).toBeNull();
  });

  it("answers 503 when the Hub fails", async () => {
    const failing = new HttpHubClient("https://hub.test", (async () => new Response("", { status: 502 })) as typeof fetch);
    await expect(failing.modelFacts("o/m", "main")).rejects.toMatchObject({ code: "unavailable" });
  });
});
