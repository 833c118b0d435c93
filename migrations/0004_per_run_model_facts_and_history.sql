ALTER TABLE `evaluations` ADD `type` text DEFAULT 'other' NOT NULL;
--> statement-breakpoint
ALTER TABLE `evaluations` ADD `architecture` text;
--> statement-breakpoint
ALTER TABLE `evaluations` ADD `params_billions` real;
--> statement-breakpoint
-- Written by hand (keep it when regenerating): every run takes its model's values before they leave the model.
UPDATE `evaluations` SET `type` = (SELECT `type` FROM `models` WHERE `models`.`id` = `evaluations`.`model_id`), `architecture` = (SELECT `architecture` FROM `models` WHERE `models`.`id` = `evaluations`.`model_id`), `params_billions` = (SELECT `params_billions` FROM `models` WHERE `models`.`id` = `evaluations`.`model_id`);
--> statement-breakpoint
DROP INDEX `models_type`;
--> statement-breakpoint
DROP INDEX `models_params`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `type`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `architecture`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `params_billions`;
--> statement-breakpoint
CREATE INDEX `evaluations_history` ON `evaluations` (`model_id`,`revision`,`precision`,`submission_date`,`created_at`);
--> statement-breakpoint
CREATE INDEX `evaluations_submitted` ON `evaluations` (`submission_date`);
