-- The caller's W3C traceparent (with the gateway's span as parent), kept with the message so
-- that the callbacks of its receipts continue the trace of the send, not of 8x8's webhook call.
ALTER TABLE messages ADD COLUMN traceparent TEXT;
