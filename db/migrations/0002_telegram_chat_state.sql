CREATE TABLE `telegram_chat_state` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`question_message_id` integer,
	`question_text` text,
	`updated_at` integer NOT NULL
);
