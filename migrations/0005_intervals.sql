ALTER TABLE `evaluations` ADD `ifeval_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `ifeval_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `bbh_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `bbh_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `math_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `math_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `gpqa_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `gpqa_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `musr_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `musr_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `mmlu_pro_se` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `mmlu_pro_se_raw` real;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `se_estimated` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `evaluations` ADD `ci_source` text;