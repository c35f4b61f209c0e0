CREATE TABLE `contest_answers` (
	`attempt_id` integer NOT NULL,
	`question_number` integer NOT NULL,
	`label` text NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_number`),
	FOREIGN KEY (`attempt_id`) REFERENCES `contest_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `contest_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` text NOT NULL,
	`candidate_number` text NOT NULL,
	`seed` integer NOT NULL,
	`bank_id` text NOT NULL,
	`bank_fingerprint` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`submitted_at` integer,
	`submitted_by` text,
	`session_hash` text,
	`last_seen_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_attempts_candidate` ON `contest_attempts` (`contest_id`,`candidate_number`);--> statement-breakpoint
CREATE INDEX `contest_attempts_deadline` ON `contest_attempts` (`submitted_at`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `contest_candidates` (
	`contest_id` text NOT NULL,
	`candidate_number` text NOT NULL,
	`person_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`unit_id` text NOT NULL,
	`unit_name` text NOT NULL,
	`level` text NOT NULL,
	`position_id` text NOT NULL,
	`room_id` text NOT NULL,
	`seat` integer NOT NULL,
	PRIMARY KEY(`contest_id`, `candidate_number`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_candidates_person` ON `contest_candidates` (`contest_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `contest_practical_marks` (
	`contest_id` text NOT NULL,
	`candidate_number` text NOT NULL,
	`kind` text NOT NULL,
	`by_person_id` integer NOT NULL,
	`points` real NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`contest_id`, `candidate_number`, `kind`, `by_person_id`)
);
--> statement-breakpoint
CREATE TABLE `contest_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`position_id` text NOT NULL,
	`submitted_by_id` integer,
	`channel` text NOT NULL,
	`submitted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_registrations_person` ON `contest_registrations` (`contest_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `contest_registrations_unit` ON `contest_registrations` (`contest_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `contest_results` (
	`contest_id` text NOT NULL,
	`candidate_number` text NOT NULL,
	`person_id` integer NOT NULL,
	`unit_id` text NOT NULL,
	`level` text NOT NULL,
	`attendance` text NOT NULL,
	`figures` text,
	`below_threshold` integer NOT NULL,
	`rank` integer,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`contest_id`, `candidate_number`)
);
--> statement-breakpoint
CREATE TABLE `contest_runs` (
	`contest_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`bank_id` text,
	`units` text NOT NULL,
	`board_members` text NOT NULL,
	`rooms` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE TABLE `contest_time_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`reason` text NOT NULL,
	`by_person_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `contest_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contest_time_extensions_attempt` ON `contest_time_extensions` (`attempt_id`);