-- The visitor's context, as its widget last reported it: the page (URL without fragment, title), the
-- browser's language and time zone, and the browser (User-Agent). One current value per contact, shown to
-- agents; the sizes are the visitor API's limits (VisitorContext). NULL until the widget sends it.
ALTER TABLE contact ADD COLUMN context_url VARCHAR(2048);
ALTER TABLE contact ADD COLUMN context_title VARCHAR(300);
ALTER TABLE contact ADD COLUMN context_language VARCHAR(35);
ALTER TABLE contact ADD COLUMN context_time_zone VARCHAR(64);
ALTER TABLE contact ADD COLUMN context_browser VARCHAR(300);
ALTER TABLE contact ADD COLUMN context_updated_at TIMESTAMP WITH TIME ZONE;
