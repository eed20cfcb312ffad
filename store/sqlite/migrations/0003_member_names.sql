-- clubbot schema, version 3: a member's display name as last seen, so
-- /export can put names beside the ids. The bot records it when the member
-- interacts; '' until then. Deleting a member's data deletes the row, and
-- with it the name.
ALTER TABLE members ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
