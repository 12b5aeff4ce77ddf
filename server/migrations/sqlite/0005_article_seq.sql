-- Write order of articles, so the in-memory related index can catch up with
-- writes from any process (the import command runs beside the server). Rows
-- already stored get distinct numbers, in key order.
ALTER TABLE articles ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET seq = (
    SELECT COUNT(*) FROM articles AS earlier
    WHERE (earlier.site, earlier.url) <= (articles.site, articles.url)
);
CREATE INDEX articles_by_seq ON articles (seq);
