CREATE INDEX `audit_unit_id` ON `audit_log` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor_person_id`);