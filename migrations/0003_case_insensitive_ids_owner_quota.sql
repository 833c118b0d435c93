DROP INDEX `submissions_namespace`;--> statement-breakpoint
DROP INDEX `submissions_one_live`;--> statement-breakpoint
ALTER TABLE `submissions` ADD `by_owner` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_namespace` ON `submissions` (lower("namespace"),`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_one_live` ON `submissions` (lower("model_id"),`sha`,`precision`) WHERE status <> 'FAILED';--> statement-breakpoint
CREATE INDEX `models_key` ON `models` (lower("id"));