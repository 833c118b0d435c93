CREATE TABLE `deliveries` (
	`evaluator_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`body_sha256` text NOT NULL,
	`job_id` text,
	`evaluation_id` text,
	`response_status` integer NOT NULL,
	`response` text NOT NULL,
	PRIMARY KEY(`evaluator_id`, `webhook_id`),
	FOREIGN KEY (`evaluator_id`) REFERENCES `evaluators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`revision` text NOT NULL,
	`precision` text NOT NULL,
	`weight_type` text DEFAULT 'Original' NOT NULL,
	`chat_template` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`ifeval_raw` real,
	`ifeval` real,
	`bbh_raw` real,
	`bbh` real,
	`math_raw` real,
	`math` real,
	`gpqa_raw` real,
	`gpqa` real,
	`musr_raw` real,
	`musr` real,
	`mmlu_pro_raw` real,
	`mmlu_pro` real,
	`average` real,
	`co2_kg` real DEFAULT -1 NOT NULL,
	`subtasks` text,
	`provenance` text NOT NULL,
	`source` text NOT NULL,
	`evaluator_id` text,
	`submission_id` text,
	`submission_date` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluator_id`) REFERENCES `evaluators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluations_model` ON `evaluations` (`model_id`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_average` ON `evaluations` (`status`,`average`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_ifeval` ON `evaluations` (`status`,`ifeval`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_bbh` ON `evaluations` (`status`,`bbh`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_math` ON `evaluations` (`status`,`math`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_gpqa` ON `evaluations` (`status`,`gpqa`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_musr` ON `evaluations` (`status`,`musr`);--> statement-breakpoint
CREATE INDEX `evaluations_rank_mmlu_pro` ON `evaluations` (`status`,`mmlu_pro`);--> statement-breakpoint
CREATE INDEX `evaluations_created` ON `evaluations` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `evaluations_one_ranked` ON `evaluations` (`model_id`,`revision`,`precision`) WHERE status = 'ranked';--> statement-breakpoint
CREATE TABLE `evaluator_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`evaluator_id` text NOT NULL,
	`scheme` text NOT NULL,
	`material` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`evaluator_id`) REFERENCES `evaluators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluator_keys_evaluator` ON `evaluator_keys` (`evaluator_id`);--> statement-breakpoint
CREATE TABLE `evaluators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text DEFAULT 'other' NOT NULL,
	`architecture` text,
	`params_billions` real,
	`license` text,
	`likes` integer DEFAULT 0 NOT NULL,
	`merged` integer DEFAULT false NOT NULL,
	`moe` integer DEFAULT false NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`official_provider` integer DEFAULT false NOT NULL,
	`available_on_hub` integer DEFAULT true NOT NULL,
	`base_model` text,
	`generation` integer DEFAULT 0 NOT NULL,
	`upload_date` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `models_type` ON `models` (`type`);--> statement-breakpoint
CREATE INDEX `models_params` ON `models` (`params_billions`);--> statement-breakpoint
CREATE TABLE `submission_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` text NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	`reason` text,
	`evaluator_id` text,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submission_events_submission` ON `submission_events` (`submission_id`,`at`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`namespace` text NOT NULL,
	`revision` text NOT NULL,
	`sha` text NOT NULL,
	`precision` text NOT NULL,
	`weight_type` text NOT NULL,
	`base_model` text,
	`model_type` text NOT NULL,
	`chat_template` integer DEFAULT false NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`params_billions` real,
	`license` text,
	`submitter_id` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`evaluator_id` text,
	`job_id` text,
	`lease_expires_at` integer,
	`failure_reason` text,
	`evaluation_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`submitter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluator_id`) REFERENCES `evaluators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_status` ON `submissions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `submissions_namespace` ON `submissions` (`namespace`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_job` ON `submissions` (`job_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_one_live` ON `submissions` (`model_id`,`sha`,`precision`) WHERE status <> 'FAILED';--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`avatar_url` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `votes` (
	`submission_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`submission_id`, `user_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_user` ON `votes` (`user_id`,`created_at`);