import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fullRow, leanRow } from "../../../worker/domain/board/wire";
import { row, seededRow } from "../../support/compact-rows";

describe("a lean row", () => {
  it("a lean row (the island's API view's form) is whole again through JSON, seeded errors left out", () => {
    fc.assert(
      fc.property(fc.oneof(row, seededRow), (r) => {
        const lean = JSON.parse(JSON.stringify(leanRow(r)));
        expect(fullRow(lean)).toEqual(JSON.parse(JSON.stringify(r)));
      }),
    );
    const seeded = fc.sample(seededRow, 1)[0]!;
    expect(Object.keys(leanRow(seeded))).not.toContain("se");
  });
});
