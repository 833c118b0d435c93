CREATE TABLE `published_board` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`snapshot_key` text NOT NULL,
	`published_at` integer NOT NULL
);
