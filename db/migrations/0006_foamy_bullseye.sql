CREATE TABLE `award_blockers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`year` integer NOT NULL,
	`source` text NOT NULL,
	`source_ref` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`recorded_by_id` integer,
	`recorded_at` integer NOT NULL,
	`lifted_at` integer,
	`lifted_by_id` integer,
	`lift_reason` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `award_blockers_key` ON `award_blockers` (`unit_id`,`person_id`,`year`,`source`,`source_ref`);--> statement-breakpoint
CREATE TABLE `councils` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`meeting_date` text NOT NULL,
	`members` text NOT NULL,
	`minutes_number` text,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `councils_unit_year` ON `councils` (`unit_id`,`year`);--> statement-breakpoint
CREATE TABLE `emulation_deadlines` (
	`unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`deadline` text NOT NULL,
	`set_by_id` integer,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `year`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `emulation_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`titles` text NOT NULL,
	`registered_by_id` integer,
	`registered_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `emulation_registrations_key` ON `emulation_registrations` (`unit_id`,`year`,`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`topic` text NOT NULL,
	`author_ids` text NOT NULL,
	`collective` text,
	`department_id` integer,
	`summary` text,
	`evidence` text NOT NULL,
	`registered_by_id` integer,
	`level` text,
	`body` text,
	`decision_number` text,
	`decision_date` text,
	`recognised_by_id` integer,
	`recognised_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiatives_unit_decision` ON `initiatives` (`unit_id`,`decision_date`);--> statement-breakpoint
CREATE TABLE `nominations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`year` integer NOT NULL,
	`scheme` text NOT NULL,
	`award` text NOT NULL,
	`nominee_kind` text NOT NULL,
	`person_id` integer,
	`department_id` integer,
	`initiative_id` integer,
	`nominee_name` text NOT NULL,
	`proposed_by_id` integer,
	`checklist` text NOT NULL,
	`file` text,
	`council_id` integer,
	`approved` integer,
	`votes_for` integer,
	`votes_against` integer,
	`decision_note` text,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nominations_unit_year` ON `nominations` (`unit_id`,`year`);