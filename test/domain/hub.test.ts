import { describe, expect, it } from "vitest";
import { cardTextLength, checkHubFacts, checkNamedRevision, maxBillions, parseRevision } from "../../worker/domain/hub";
import { GOOD_FACTS } from "../support/hub-double";

const asked = {
  model: "o/m",
  revision: "main",
  precision: "bfloat16",
  weightType: "Original",
  chatTemplate: false,
} as const;
const facts = { id: "o/m", ...GOOD_FACTS };

describe("Hub checks", () => {
  it("pass good facts and scale the size limit by precision", () => {
    expect(checkHubFacts(asked, facts)).toEqual([]);
    expect([maxBillions("bfloat16"), maxBillions("float16"), maxBillions("8bit"), maxBillions("4bit")]).toEqual([
      100, 100, 200, 400,
    ]);
    expect(checkHubFacts(asked, { ...facts, parameters: 100e9 })).toEqual([]);
    expect(checkHubFacts(asked, { ...facts, parameters: 100e9 + 1 })[0]?.check).toBe("parameters");
  });

  it("sort revisions without the Hub: refs/ refused in any case, full commits in lower case", () => {
    expect(parseRevision("main")).toEqual({ kind: "default", value: "main" });
    expect(parseRevision("v1.0")).toEqual({ kind: "name", value: "v1.0" });
    expect(parseRevision("ABCDEF0123456789ABCDEF0123456789ABCDEF01")).toEqual({
      kind: "commit",
      value: "abcdef0123456789abcdef0123456789abcdef01",
    });
    expect(parseRevision("abcdef0")).toEqual({ kind: "name", value: "abcdef0" });
    for (const ref of ["refs/pr/1", "Refs/PR/2", "refs/heads/main", "refs/convert/parquet"]) {
      expect(parseRevision(ref)).toMatchObject({ check: "revision" });
    }
  });

  it("accept a named revision only as a tag pointing at the resolved commit", () => {
    const refs = {
      branches: [
        { name: "main", commit: "a" },
        { name: "dev", commit: "b" },
      ],
      tags: [{ name: "v1", commit: "c" }],
    };
    expect(checkNamedRevision("v1", "c", refs)).toBeNull();
    expect(checkNamedRevision("v1", "b", refs)?.message).toMatch(/^v1 is neither main nor a tag: /);
    expect(checkNamedRevision("dev", "b", refs)?.message).toMatch(/^dev is a branch other than main: /);
    expect(checkNamedRevision("v1", "c", null)?.check).toBe("revision");
  });

  it("measure the card without its YAML front matter", () => {
    expect(cardTextLength("---\nlicense: mit\n---\n\n  hello  \n")).toBe(5);
    expect(cardTextLength("no front matter")).toBe(15);
  });
});
