/** What an evaluation keeps beside its scores: every harness task's metric, and where the numbers came from. */

/** One harness task's (or subtask's) value on one metric, with its standard error when the harness had one. */
export interface SubtaskScore {
  metric: string;
  value: number;
  stderr: number | null;
}

/** Where an evaluation's numbers came from: the seed row, or the delivery, the harness run and the job. */
export interface Provenance {
  /** The old leaderboard's own row id, for seeded evaluations. */
  seedId?: string;
  webhookId?: string;
  receivedAt?: number;
  bodySha256?: string;
  signatureScheme?: "v1" | "v1a";
  harnessVersion?: string | null;
  harnessGitHash?: string | null;
  transformersVersion?: string | null;
  /** The chat template the run applied (the harness's `chat_template`), null without one. */
  chatTemplate?: string | null;
  chatTemplateSha?: string | null;
  systemInstructionSha?: string | null;
  fewshotAsMultiturn?: boolean | null;
  nShot?: Record<string, number>;
  nSamples?: Record<string, { original: number; effective: number }>;
  limit?: number | null;
  evaluationSeconds?: number | null;
  evaluatedAt?: string | null;
  modelArgs?: string | null;
  batchSize?: string | null;
  hardware?: { gpu: string; count: number } | null;
  jobId?: string | null;
  detailsUrl?: string | null;
  /** Why a run is `partial`, in words. */
  partialReasons?: string[];
}
