import { describe, expect, it } from "vitest";
import { lmEvalCommand } from "../../web/lm-eval";

describe("lmEvalCommand", () => {
  const run = {
    modelId: "org/m",
    revision: "abc",
    precision: "bfloat16",
    weightType: "Original",
    baseModel: null,
    chatTemplate: false,
  };

  it("loads the model at its revision and precision, with the chat template flags only when used", () => {
    expect(lmEvalCommand(run)).toBe(
      "lm_eval --model hf \\\n  --model_args pretrained=org/m,revision=abc,dtype=bfloat16 \\\n" +
        "  --tasks leaderboard --batch_size auto \\\n  --output_path results",
    );
    expect(lmEvalCommand({ ...run, chatTemplate: true })).toMatch(/--apply_chat_template --fewshot_as_multiturn$/);
  });

  it("loads quantized precisions and adapters the way the harness names them", () => {
    expect(lmEvalCommand({ ...run, precision: "4bit" })).toContain("revision=abc,load_in_4bit=True");
    expect(lmEvalCommand({ ...run, precision: "GPTQ" })).toContain("autogptq=True");
    expect(lmEvalCommand({ ...run, weightType: "Adapter", baseModel: "base/b" })).toContain(
      "pretrained=base/b,peft=org/m",
    );
    expect(lmEvalCommand({ ...run, weightType: "Delta", baseModel: "base/b" })).toContain(
      "pretrained=base/b,delta=org/m",
    );
  });
});
