CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`generation` integer NOT NULL,
	`acquired_at` integer NOT NULL,
	`renewed_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `job_runs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `heartbeat_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `outbox_chat_order` ON `outbox` (`channel`,`chat_id`,`status`);