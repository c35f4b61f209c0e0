CREATE TABLE `org_answers` (
	`period_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`value` text,
	`detail` text,
	`answered_by_id` integer,
	`answered_at` integer,
	`status` text NOT NULL,
	`reviewed_value` text,
	`review_reason` text,
	`reviewed_by_id` integer,
	`reviewed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`period_id`, `criterion_id`),
	FOREIGN KEY (`period_id`) REFERENCES `org_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `org_assignments` (
	`period_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`assigned_by_id` integer,
	`assigned_at` integer NOT NULL,
	PRIMARY KEY(`period_id`, `criterion_id`, `person_id`),
	FOREIGN KEY (`period_id`) REFERENCES `org_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_assignments_person` ON `org_assignments` (`person_id`);--> statement-breakpoint
CREATE TABLE `org_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`file_path` text,
	`sha256` text,
	`size` integer,
	`mime` text,
	`file_name` text,
	`signed` integer,
	`added_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `org_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_evidence_period` ON `org_evidence` (`period_id`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `org_officials` (
	`unit_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`unit_id`, `person_id`, `code`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `org_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`rubric_version_id` integer NOT NULL,
	`year` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`calendar` text NOT NULL,
	`initiative_count` integer,
	`submitted_by_id` integer,
	`submitted_at` integer,
	`verified_by_id` integer,
	`verified_at` integer,
	`approved_by_id` integer,
	`approved_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rubric_version_id`) REFERENCES `rubric_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_periods_unit_year` ON `org_periods` (`unit_id`,`year`);