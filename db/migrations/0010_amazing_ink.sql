CREATE TABLE `department_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` text NOT NULL,
	`period_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`condition_id` text NOT NULL,
	`value` integer NOT NULL,
	`evidence` text,
	`answered_by_id` integer NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `department_conditions_period_dept` ON `department_conditions` (`period_id`,`department_id`,`condition_id`);--> statement-breakpoint
ALTER TABLE `people` ADD `joined_on` text;