-- Simp schema for SQLite. Applied at every start; every statement is idempotent.

-- The query table the Orleans ADO.NET providers read their statements from, by key.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Grain state. The full grain identity is the primary key, so the hash columns the provider
-- sends are stored for reference only and no lookup depends on them.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              TEXT    NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL,
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
) WITHOUT ROWID;

-- A write succeeds when the caller's version is the stored one (or both are absent) and returns
-- the new version; otherwise it returns no row, which the provider reports as a conflict.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;

    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
         GrainIdHash, GrainTypeHash, PayloadBinary, ModifiedOn, Version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
           @GrainIdHash, @GrainTypeHash, @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version AS NewGrainStateVersion;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''');
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
');

-- Deleting returns the deleted version plus one, the provider''s sign that the row was current.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
');

-- The images table, kept current by the image grains for listings. Its view count moves in the
-- same transaction as the view log, and its privacy in the same transaction as the count of
-- private images, so both are exact whatever fails. A row without privacy (NULL) was written by
-- a build that kept privacy in the grain's state only; such a table gains the columns at start-up
-- (SQLite has no ADD COLUMN IF NOT EXISTS, so the engine's code adds them), and the silo fills
-- them in from the grains' state before it takes calls.
CREATE TABLE IF NOT EXISTS images
(
    id          INTEGER NOT NULL PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    filename    TEXT    NOT NULL,
    extension   TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0,
    is_private  INTEGER NULL,
    private_key TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_images_extension ON images (extension, id);
CREATE INDEX IF NOT EXISTS ix_images_uploaded_at ON images (uploaded_at, id);

-- The count of private images, moved in the transaction of each change. It is counted from the
-- images table once, at the start that fills in the privacy of rows from a build that kept it in
-- the grains' state, which then sets counted; a table from a build that took the catalogue's
-- count instead gains the flag unset, and is counted anew.
CREATE TABLE IF NOT EXISTS image_counts
(
    id             INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    private_images INTEGER NOT NULL,
    counted        INTEGER NOT NULL DEFAULT 0
);

INSERT INTO image_counts (id, private_images) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM image_counts);

-- The append-only view log, as chunks: each row holds a run of one image's views, its row id the
-- id of the newest of them and first_id that of the oldest (the layout is ViewChunk's).
CREATE TABLE IF NOT EXISTS view_chunks
(
    id         INTEGER NOT NULL PRIMARY KEY,
    image_id   INTEGER NOT NULL,
    first_id   INTEGER NOT NULL,
    image_uuid TEXT    NOT NULL,
    views      BLOB    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_view_chunks_image ON view_chunks (image_id, first_id);

-- The batches in the log, one row each, written in the batch's transaction: a retried batch
-- finds its id here and changes nothing.
CREATE TABLE IF NOT EXISTS view_batches
(
    batch_id BLOB NOT NULL PRIMARY KEY
) WITHOUT ROWID;

-- Site traffic summed per UTC day (days since 1970-01-01) and per country, updated with the log.
CREATE TABLE IF NOT EXISTS daily_views
(
    day   INTEGER NOT NULL PRIMARY KEY,
    views INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS country_views
(
    code  TEXT    NOT NULL PRIMARY KEY,
    name  TEXT    NOT NULL,
    views INTEGER NOT NULL
);
