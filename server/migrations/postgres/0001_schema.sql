-- The same data as the SQLite schema, shaped for several servers writing at
-- once: counts are kept in slotted rows that a commit's trigger adds to in the
-- slot its transaction picked, so concurrent batches on one hot article touch
-- different rows, and a count is the sum of its slots.

-- Articles, keyed by (site, canonical URL). Lists are JSON arrays of strings.
CREATE TABLE articles (
    site           TEXT   NOT NULL,
    url            TEXT   NOT NULL,
    title          TEXT   NOT NULL,
    summary        TEXT   NOT NULL DEFAULT '',
    body           TEXT   NOT NULL DEFAULT '',
    source         TEXT   NOT NULL DEFAULT '',
    author         TEXT   NOT NULL DEFAULT '',
    editor         TEXT   NOT NULL DEFAULT '',
    section        TEXT   NOT NULL DEFAULT '[]',
    tags           TEXT   NOT NULL DEFAULT '[]',
    image          TEXT   NOT NULL DEFAULT '',
    -- As given (RFC 3339, keeps the publisher's UTC offset) and as Unix seconds for ordering.
    published_at   TEXT   NOT NULL,
    published_unix BIGINT NOT NULL,
    updated_at     TEXT,
    -- Write order, for the related index of every server to catch up with;
    -- article writes take a lock so that numbers commit in order.
    seq            BIGINT NOT NULL,
    PRIMARY KEY (site, url)
);
CREATE INDEX articles_by_seq ON articles (seq);

-- One row per (site, article, reader): a reader holds at most one mood per
-- article, whichever server they reach.
CREATE TABLE reactions (
    site       TEXT   NOT NULL,
    article    TEXT   NOT NULL,
    reader     TEXT   NOT NULL,
    reaction   TEXT   NOT NULL,
    reacted_at BIGINT NOT NULL,
    PRIMARY KEY (site, article, reader)
);
CREATE INDEX reactions_by_time ON reactions (site, reaction, reacted_at);

-- A slot's count may go below zero (a vote set in one slot, retracted in
-- another); the sum over slots never does.
CREATE TABLE reaction_counts (
    site     TEXT     NOT NULL,
    article  TEXT     NOT NULL,
    reaction TEXT     NOT NULL,
    slot     SMALLINT NOT NULL,
    count    BIGINT   NOT NULL,
    PRIMARY KEY (site, article, reaction, slot)
);

-- The slot of the current transaction (`SET LOCAL newscard.slot`), else 0.
CREATE FUNCTION newscard_slot() RETURNS SMALLINT LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('newscard.slot', true), ''), '0')::SMALLINT
$$;

-- Adds each (site, article, reaction)'s change in one upsert per statement,
-- in key order, so two transactions in one slot lock rows in the same order.
-- A statement trigger has only the transition tables it names, so each kind
-- of statement reads its own.
CREATE FUNCTION count_reactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reaction_counts (site, article, reaction, slot, count)
        SELECT site, article, reaction, newscard_slot(), COUNT(*)
        FROM new_rows GROUP BY site, article, reaction ORDER BY site, article, reaction
        ON CONFLICT (site, article, reaction, slot)
        DO UPDATE SET count = reaction_counts.count + EXCLUDED.count;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reaction_counts (site, article, reaction, slot, count)
        SELECT site, article, reaction, newscard_slot(), -COUNT(*)
        FROM old_rows GROUP BY site, article, reaction ORDER BY site, article, reaction
        ON CONFLICT (site, article, reaction, slot)
        DO UPDATE SET count = reaction_counts.count + EXCLUDED.count;
    ELSE
        INSERT INTO reaction_counts (site, article, reaction, slot, count)
        SELECT site, article, reaction, newscard_slot(), SUM(delta)
        FROM (
            SELECT site, article, reaction, -1 AS delta FROM old_rows
            UNION ALL
            SELECT site, article, reaction, 1 FROM new_rows
        ) AS changes
        GROUP BY site, article, reaction
        HAVING SUM(delta) <> 0
        ORDER BY site, article, reaction
        ON CONFLICT (site, article, reaction, slot)
        DO UPDATE SET count = reaction_counts.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reactions_insert AFTER INSERT ON reactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_reactions();
CREATE TRIGGER reactions_update AFTER UPDATE ON reactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_reactions();
CREATE TRIGGER reactions_delete AFTER DELETE ON reactions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_reactions();

-- Share clicks per service: a count only, no reader, no time; slotted like
-- reaction counts.
CREATE TABLE share_counts (
    site    TEXT     NOT NULL,
    article TEXT     NOT NULL,
    service TEXT     NOT NULL,
    slot    SMALLINT NOT NULL,
    count   BIGINT   NOT NULL CHECK (count >= 0),
    PRIMARY KEY (site, article, service, slot)
);
