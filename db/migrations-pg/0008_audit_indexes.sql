CREATE INDEX "audit_unit_id" ON "audit_log" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "audit_actor" ON "audit_log" USING btree ("actor_person_id");