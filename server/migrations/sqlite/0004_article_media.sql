-- Lead image and last-update time of an article, both optional.
ALTER TABLE articles ADD COLUMN image TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN updated_at TEXT;
