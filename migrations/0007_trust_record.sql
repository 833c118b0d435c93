-- Custom SQL migration file, put your code below! --
-- The moderation log is append-only in the database itself, whatever the code above it does.
CREATE TRIGGER `moderation_log_no_update` BEFORE UPDATE ON `moderation_log`
BEGIN
  SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `moderation_log_no_delete` BEFORE DELETE ON `moderation_log`
BEGIN
  SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
--> statement-breakpoint
-- The board itself, the submitter of reproduction jobs; sign-in ids are `hf:` or `dev:`, never this.
INSERT OR IGNORE INTO `users` (`id`, `name`, `avatar_url`, `created_at`) VALUES ('podium', 'Podium', NULL, 0);
--> statement-breakpoint
UPDATE `evaluations` SET `verification` = 'seed' WHERE `source` = 'seed';
--> statement-breakpoint
-- Runs pushed before verification are provisional (the column's default): off the default board until reproduced.
UPDATE `evaluations` SET `status` = 'superseded' WHERE `status` = 'ranked' AND `source` = 'evaluator';
--> statement-breakpoint
-- A group's earliest seeded run is its row again where a pushed run had replaced it.
UPDATE `evaluations` SET `status` = 'ranked'
WHERE `source` = 'seed' AND `status` = 'superseded'
  AND `id` = (
    SELECT s.`id` FROM `evaluations` s
    WHERE s.`source` = 'seed' AND s.`model_id` = `evaluations`.`model_id` AND s.`revision` = `evaluations`.`revision`
      AND s.`precision` = `evaluations`.`precision` AND s.`chat_template` = `evaluations`.`chat_template`
    ORDER BY s.`created_at`, s.`id` LIMIT 1
  )
  AND NOT EXISTS (
    SELECT 1 FROM `evaluations` r
    WHERE r.`status` IN ('ranked', 'candidate') AND r.`model_id` = `evaluations`.`model_id`
      AND r.`revision` = `evaluations`.`revision` AND r.`precision` = `evaluations`.`precision`
      AND r.`chat_template` = `evaluations`.`chat_template`
  );
--> statement-breakpoint
-- A group with no verified run lists its newest full pushed run, for `verification=all`.
UPDATE `evaluations` SET `status` = 'candidate'
WHERE `source` = 'evaluator' AND `status` = 'superseded'
  AND `id` = (
    SELECT c.`id` FROM `evaluations` c
    WHERE c.`source` = 'evaluator' AND c.`status` <> 'partial' AND c.`model_id` = `evaluations`.`model_id`
      AND c.`revision` = `evaluations`.`revision` AND c.`precision` = `evaluations`.`precision`
      AND c.`chat_template` = `evaluations`.`chat_template`
    ORDER BY c.`created_at` DESC, c.`id` DESC LIMIT 1
  )
  AND NOT EXISTS (
    SELECT 1 FROM `evaluations` r
    WHERE r.`status` IN ('ranked', 'candidate') AND r.`model_id` = `evaluations`.`model_id`
      AND r.`revision` = `evaluations`.`revision` AND r.`precision` = `evaluations`.`precision`
      AND r.`chat_template` = `evaluations`.`chat_template`
  );
--> statement-breakpoint
-- Their timeline starts with why they are provisional.
INSERT INTO `verification_events` (`evaluation_id`, `group_key`, `group_seq`, `at`, `verification`, `reason`, `actor`)
SELECT `id`,
  lower(`model_id`) || '|' || `revision` || '|' || `precision` || '|' || `chat_template`,
  row_number() OVER (PARTITION BY lower(`model_id`), `revision`, `precision`, `chat_template` ORDER BY `created_at`, `id`),
  CAST(strftime('%s', 'now') AS INTEGER) * 1000,
  'provisional',
  'pushed before runs were verified: provisional until another evaluator reproduces it',
  NULL
FROM `evaluations` WHERE `source` = 'evaluator';
--> statement-breakpoint
-- Each source's newest full pushed run of a group waits for a reproduction, as a new provisional run would.
INSERT INTO `submissions` (`id`, `kind`, `reproduces`, `model_id`, `namespace`, `revision`, `sha`, `precision`,
  `weight_type`, `base_model`, `model_type`, `chat_template`, `verified`, `params_billions`, `license`,
  `submitter_id`, `by_owner`, `status`, `created_at`, `updated_at`)
SELECT lower(hex(randomblob(16))), 'reproduction', e.`id`, e.`model_id`,
  CASE WHEN instr(e.`model_id`, '/') > 0 THEN substr(e.`model_id`, 1, instr(e.`model_id`, '/') - 1) ELSE e.`model_id` END,
  e.`revision`, e.`revision`, e.`precision`, e.`weight_type`, m.`base_model`, e.`type`, e.`chat_template`, 0, NULL,
  NULL, 'podium', 0, 'PENDING', CAST(strftime('%s', 'now') AS INTEGER) * 1000,
  CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM `evaluations` e JOIN `models` m ON m.`id` = e.`model_id`
WHERE e.`source` = 'evaluator' AND e.`status` <> 'partial'
  AND NOT EXISTS (
    SELECT 1 FROM `evaluations` n
    WHERE n.`source` = 'evaluator' AND n.`status` <> 'partial' AND n.`evaluator_id` = e.`evaluator_id`
      AND n.`model_id` = e.`model_id` AND n.`revision` = e.`revision` AND n.`precision` = e.`precision`
      AND n.`chat_template` = e.`chat_template`
      AND (n.`created_at` > e.`created_at` OR (n.`created_at` = e.`created_at` AND n.`id` > e.`id`))
  );
--> statement-breakpoint
INSERT INTO `submission_events` (`submission_id`, `status`, `at`, `reason`, `evaluator_id`)
SELECT `id`, 'PENDING', `created_at`, 'queued: reproduce evaluation ' || `reproduces`, NULL
FROM `submissions` WHERE `kind` = 'reproduction';
--> statement-breakpoint
-- The old board's `flagged` column becomes a flag with its origin as the reason (models.flagged keeps its meaning).
INSERT INTO `model_flags` (`id`, `model_id`, `kind`, `reason`, `link`, `created_at`, `created_by`)
SELECT 'flag_' || lower(hex(randomblob(16))), `id`, 'other',
  'Flagged on the Open LLM Leaderboard v2 (its final public data gives no reason; see its discussions on the Hub)',
  NULL, CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'open-llm-leaderboard'
FROM `models` WHERE `flagged` = 1;
