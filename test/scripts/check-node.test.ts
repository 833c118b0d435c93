import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { nodeVersionProblem } from "../../scripts/check-node.mjs";

describe("the Node.js version check of npm start and npm test", () => {
  it("refuses Node 20 with a message naming the version needed", () => {
    const message = nodeVersionProblem("20.20.2");
    expect(message).toContain("Podium needs Node.js 22 or newer");
    expect(message).toContain("this is Node.js 20.20.2");
  });

  it("accepts Node 22 and newer", () => {
    expect(nodeVersionProblem("22.0.0")).toBeNull();
    expect(nodeVersionProblem("24.1.0")).toBeNull();
  });

  it("lets a current Node run the script to completion", () => {
    expect(() => execFileSync(process.execPath, ["scripts/check-node.mjs"])).not.toThrow();
  });
});
