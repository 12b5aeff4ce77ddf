-- Articles, keyed by (site, canonical URL). Lists are JSON arrays of strings.
CREATE TABLE articles (
    site           TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    summary        TEXT    NOT NULL DEFAULT '',
    body           TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    author         TEXT    NOT NULL DEFAULT '',
    editor         TEXT    NOT NULL DEFAULT '',
    section        TEXT    NOT NULL DEFAULT '[]',
    tags           TEXT    NOT NULL DEFAULT '[]',
    -- As given (RFC 3339, keeps the publisher's UTC offset) and as Unix seconds for ordering.
    published_at   TEXT    NOT NULL,
    published_unix INTEGER NOT NULL,
    PRIMARY KEY (site, url)
) WITHOUT ROWID;
