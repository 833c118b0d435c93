CREATE TABLE `model_flags` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`lifted_at` integer,
	`lift_reason` text,
	`lifted_by` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_flags_model` ON `model_flags` (`model_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `moderation_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`reason` text,
	`actor` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `moderation_log_subject` ON `moderation_log` (`subject_type`,`subject_id`,`id`);--> statement-breakpoint
CREATE TABLE `reproductions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evaluation_id` text NOT NULL,
	`compared_id` text NOT NULL,
	`differences` text NOT NULL,
	`agreed` integer DEFAULT false NOT NULL,
	`tolerance` real NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compared_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reproductions_evaluation` ON `reproductions` (`evaluation_id`);--> statement-breakpoint
CREATE INDEX `reproductions_compared` ON `reproductions` (`compared_id`);--> statement-breakpoint
CREATE TABLE `verification_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evaluation_id` text NOT NULL,
	`group_key` text NOT NULL,
	`group_seq` integer NOT NULL,
	`at` integer NOT NULL,
	`verification` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verification_events_group` ON `verification_events` (`group_key`,`group_seq`);--> statement-breakpoint
CREATE INDEX `verification_events_evaluation` ON `verification_events` (`evaluation_id`,`at`);--> statement-breakpoint
DROP INDEX `evaluations_one_ranked`;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `verification` text DEFAULT 'provisional' NOT NULL;--> statement-breakpoint
CREATE INDEX `evaluations_evaluator` ON `evaluations` (`evaluator_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `evaluations_one_shown` ON `evaluations` (`model_id`,`revision`,`precision`,`chat_template`) WHERE status in ('ranked', 'candidate');--> statement-breakpoint
DROP INDEX `submissions_one_live`;--> statement-breakpoint
ALTER TABLE `submissions` ADD `kind` text DEFAULT 'submission' NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `reproduces` text REFERENCES evaluations(id);--> statement-breakpoint
CREATE INDEX `submissions_reproduces` ON `submissions` (`reproduces`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_one_live` ON `submissions` (lower("model_id"),`sha`,`precision`) WHERE status <> 'FAILED' and kind = 'submission';--> statement-breakpoint
ALTER TABLE `evaluators` ADD `trust` text DEFAULT 'community' NOT NULL;