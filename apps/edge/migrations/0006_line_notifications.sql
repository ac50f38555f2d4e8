-- LINE Official Notifications (POST /v1/line-notifications, 8x8's /lon) are message records of
-- their own type: the delivery consumer sends a `line_notification` to /lon, anything else to
-- /messages. Existing rows are messages.
ALTER TABLE messages ADD COLUMN type TEXT NOT NULL DEFAULT 'message';
