-- One row per (site, article, reader): a reader holds at most one mood per article.
CREATE TABLE reactions (
    site       TEXT    NOT NULL,
    article    TEXT    NOT NULL,
    reader     TEXT    NOT NULL,
    reaction   TEXT    NOT NULL,
    -- Unix seconds of the latest set or change, for rankings over a time window.
    reacted_at INTEGER NOT NULL,
    PRIMARY KEY (site, article, reader)
) WITHOUT ROWID;

CREATE INDEX reactions_by_time ON reactions (site, reaction, reacted_at);

-- Counts kept by triggers in the same transaction as the row they count, so a
-- count can never disagree with its rows and no application code does
-- read-modify-write on it.
CREATE TABLE reaction_counts (
    site     TEXT    NOT NULL,
    article  TEXT    NOT NULL,
    reaction TEXT    NOT NULL,
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (site, article, reaction)
) WITHOUT ROWID;

CREATE TRIGGER reactions_insert AFTER INSERT ON reactions BEGIN
    INSERT INTO reaction_counts (site, article, reaction, count)
    VALUES (NEW.site, NEW.article, NEW.reaction, 1)
    ON CONFLICT (site, article, reaction) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER reactions_delete AFTER DELETE ON reactions BEGIN
    UPDATE reaction_counts SET count = count - 1
    WHERE site = OLD.site AND article = OLD.article AND reaction = OLD.reaction;
END;

CREATE TRIGGER reactions_change AFTER UPDATE OF reaction ON reactions
WHEN OLD.reaction <> NEW.reaction BEGIN
    UPDATE reaction_counts SET count = count - 1
    WHERE site = OLD.site AND article = OLD.article AND reaction = OLD.reaction;
    INSERT INTO reaction_counts (site, article, reaction, count)
    VALUES (NEW.site, NEW.article, NEW.reaction, 1)
    ON CONFLICT (site, article, reaction) DO UPDATE SET count = count + 1;
END;
