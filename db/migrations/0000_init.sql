CREATE TABLE `announcement_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`title` text,
	`registered_by_id` integer,
	`registered_at` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `announcement_targets_channel_chat` ON `announcement_targets` (`channel`,`chat_id`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`value` text NOT NULL,
	`self_points` real,
	`reviewed_value` text,
	`reviewed_points` real,
	`review_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_submission_criterion` ON `answers` (`submission_id`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`unit_id` text,
	`actor_person_id` integer,
	`channel` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`subject_person_id` integer,
	`period_id` integer,
	`before` text,
	`after` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `audit_subject` ON `audit_log` (`subject_person_id`);--> statement-breakpoint
CREATE INDEX `audit_period` ON `audit_log` (`period_id`);--> statement-breakpoint
CREATE TABLE `chat_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`channel` text NOT NULL,
	`external_user_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`status_reason` text,
	`last_interaction_at` integer,
	`linked_at` integer NOT NULL,
	`linked_via` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_accounts_channel_user` ON `chat_accounts` (`channel`,`external_user_id`);--> statement-breakpoint
CREATE INDEX `chat_accounts_person` ON `chat_accounts` (`person_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`chat_key` text PRIMARY KEY NOT NULL,
	`person_id` integer,
	`schema_version` integer NOT NULL,
	`state` text NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `department_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`status` text NOT NULL,
	`sent_by_id` integer,
	`sent_at` integer,
	`sent_late` integer DEFAULT false NOT NULL,
	`leader_comment` text,
	`leader_comment_by_id` integer,
	`accepted_by_id` integer,
	`accepted_at` integer,
	`return_reason` text,
	`snapshot` text,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_comment_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `department_lists_period_dept` ON `department_lists` (`period_id`,`department_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	`leader_in_charge_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_unit_name` ON `departments` (`unit_id`,`name`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`file_path` text,
	`sha256` text,
	`size` integer,
	`mime` text,
	`original_name` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evidence_submission` ON `evidence` (`submission_id`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `honour_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`period_code` text NOT NULL,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`posted_at` integer NOT NULL,
	`posted_by_id` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `honour_posts_unit_period` ON `honour_posts` (`unit_id`,`period_code`,`kind`);--> statement-breakpoint
CREATE TABLE `inbound_events` (
	`channel` text NOT NULL,
	`event_id` text NOT NULL,
	`payload` text,
	`status` text DEFAULT 'done' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	PRIMARY KEY(`channel`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `inbound_events_status` ON `inbound_events` (`status`);--> statement-breakpoint
CREATE TABLE `invite_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job_name` text NOT NULL,
	`unit_id` text NOT NULL,
	`slot` integer NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`detail` text,
	PRIMARY KEY(`job_name`, `unit_id`, `slot`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`person_id` integer,
	`purpose` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`status`,`channel`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`department_id` integer,
	`full_name` text NOT NULL,
	`phone` text,
	`email` text,
	`position` text,
	`active` integer DEFAULT true NOT NULL,
	`no_group_mention` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_unit_phone` ON `people` (`unit_id`,`phone`);--> statement-breakpoint
CREATE INDEX `people_department` ON `people` (`department_id`);--> statement-breakpoint
CREATE TABLE `periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`rubric_version_id` integer NOT NULL,
	`code` text NOT NULL,
	`year` integer NOT NULL,
	`quarter` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`self_deadline` text NOT NULL,
	`department_deadline` text NOT NULL,
	`office_deadline` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`finalised_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rubric_version_id`) REFERENCES `rubric_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `periods_unit_code` ON `periods` (`unit_id`,`code`);--> statement-breakpoint
CREATE TABLE `person_roles` (
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`person_id`, `role`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_roles_role` ON `person_roles` (`role`);--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`job_name` text NOT NULL,
	`unit_id` text NOT NULL,
	`slot` integer NOT NULL,
	`person_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`channel` text,
	`outbox_id` integer,
	`at` integer NOT NULL,
	PRIMARY KEY(`job_name`, `unit_id`, `slot`, `person_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rubric_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rubric_id` text NOT NULL,
	`version` text NOT NULL,
	`sha256` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rubric_versions_id_version` ON `rubric_versions` (`rubric_id`,`version`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`self_total` real,
	`reviewed_total` real,
	`band` text,
	`classified` integer,
	`submitted_at` integer,
	`submitted_late` integer DEFAULT false NOT NULL,
	`reviewed_by_id` integer,
	`reviewed_at` integer,
	`reviewed_late` integer DEFAULT false NOT NULL,
	`return_reason` text,
	`last_submitted_answers` text,
	`revision` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_period_person` ON `submissions` (`period_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `submissions_status` ON `submissions` (`period_id`,`status`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text DEFAULT 'Asia/Ho_Chi_Minh' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `zalo_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`access_token` text NOT NULL,
	`refresh_token` text NOT NULL,
	`access_expires_at` integer NOT NULL,
	`refresh_expires_at` integer,
	`updated_at` integer NOT NULL
);
