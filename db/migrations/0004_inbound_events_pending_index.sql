DROP INDEX `inbound_events_status`;--> statement-breakpoint
CREATE INDEX `inbound_events_pending` ON `inbound_events` (`channel`,`received_at`) WHERE status = 'pending';