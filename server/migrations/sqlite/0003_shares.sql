-- Share clicks per service: a count only, no reader, no time.
CREATE TABLE share_counts (
    site    TEXT    NOT NULL,
    article TEXT    NOT NULL,
    service TEXT    NOT NULL,
    count   INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (site, article, service)
) WITHOUT ROWID;
