-- How a code came in: read by a scanner or the camera ('scan') or typed by hand ('keyed'),
-- and the reason a scan carried (a short pick's reason; who approved a keyed code).
ALTER TABLE scans ADD COLUMN entry TEXT NOT NULL DEFAULT 'scan' CHECK (entry IN ('scan', 'keyed'));
ALTER TABLE scans ADD COLUMN reason TEXT;
CREATE INDEX scans_entry ON scans (entry, id);
