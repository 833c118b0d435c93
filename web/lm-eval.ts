/** The lm-evaluation-harness command line that reproduces an evaluation. */

export interface RunSettings {
  modelId: string;
  revision: string;
  precision: string;
  weightType: string;
  baseModel: string | null;
  chatTemplate: boolean;
}

// How the harness's `hf` model loads each precision the board knows.
const LOAD_ARGS: Record<string, string> = {
  bfloat16: "dtype=bfloat16",
  float16: "dtype=float16",
  "8bit": "load_in_8bit=True",
  "4bit": "load_in_4bit=True",
  GPTQ: "autogptq=True",
};

/** The `lm_eval` invocation for these settings, one flag group per line, ready to paste into a shell. */
export function lmEvalCommand(run: RunSettings): string {
  // Delta and adapter weights load on top of their base model, as the old leaderboard ran them.
  const weights =
    run.weightType === "Adapter" && run.baseModel
      ? `pretrained=${run.baseModel},peft=${run.modelId}`
      : run.weightType === "Delta" && run.baseModel
        ? `pretrained=${run.baseModel},delta=${run.modelId}`
        : `pretrained=${run.modelId}`;
  const load = LOAD_ARGS[run.precision] ?? `dtype=${run.precision}`;
  const lines = [
    "lm_eval --model hf",
    `  --model_args ${weights},revision=${run.revision},${load}`,
    "  --tasks leaderboard --batch_size auto",
    "  --output_path results",
  ];
  if (run.chatTemplate) lines.push("  --apply_chat_template --fewshot_as_multiturn");
  return lines.join(" \\\n");
}
