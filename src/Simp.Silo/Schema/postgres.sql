-- Simp schema for PostgreSQL. Applied at every start under an advisory lock; every statement is
-- idempotent. Parameters whose type PostgreSQL cannot infer when they are NULL carry a cast.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Grain state, keyed by the full grain identity; the hash columns are kept for reference only.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NOT NULL,
    GrainIdHash            integer     NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL,
    Version                integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

-- Membership of an ADO.NET-clustered deployment: one version row per cluster, whose version every
-- change bumps, and one row per silo incarnation.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NULL,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- A write succeeds when the caller's version is the stored one (or both are absent) and returns
-- the new version; otherwise it returns no row, which the provider reports as a conflict.
('WriteToStorageKey', '
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = now(), Version = Version + 1
        WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString::text, '''')
          AND Version = @GrainStateVersion::integer
        RETURNING Version),
    inserted AS (
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
             GrainIdHash, GrainTypeHash, PayloadBinary, ModifiedOn, Version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString::text, ''''),
               @GrainIdHash, @GrainTypeHash, @PayloadBinary::bytea, now(), 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version)
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version FROM inserted;
'),

('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString::text, '''');
'),

('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString::text, '''')
      AND Version = @GrainStateVersion::integer
    RETURNING Version AS NewGrainStateVersion;
'),

-- Deleting returns the deleted version plus one, the provider''s sign that the row was current.
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString::text, '''')
      AND Version = @GrainStateVersion::integer
    RETURNING Version + 1 AS NewGrainStateVersion;
'),

-- The membership queries that report success return one row holding how many rows changed. A change
-- locks the version row first and goes ahead only while the version is the one the silo read, so
-- of two silos racing with the same version exactly one succeeds and the other changes nothing.
('InsertMembershipVersionKey', '
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT COUNT(*)::integer FROM inserted;
'),

('InsertMembershipKey', '
    WITH current_version AS (
        SELECT DeploymentId FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE),
    inserted AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM current_version
        ON CONFLICT DO NOTHING
        RETURNING 1),
    bumped AS (
        UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND EXISTS (SELECT 1 FROM inserted)
        RETURNING 1)
    SELECT COUNT(*)::integer FROM bumped;
'),

('UpdateMembershipKey', '
    WITH current_version AS (
        SELECT DeploymentId FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE),
    updated AS (
        UPDATE OrleansMembershipTable
        SET Status = @Status, SuspectTimes = @SuspectTimes::text, IAmAliveTime = @IAmAliveTime
        WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
          AND EXISTS (SELECT 1 FROM current_version)
        RETURNING 1),
    bumped AS (
        UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND EXISTS (SELECT 1 FROM updated)
        RETURNING 1)
    SELECT COUNT(*)::integer FROM bumped;
'),

('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
'),

-- Both reads return the version row even when no silo row matches, which is how the provider
-- learns the version of an empty table.
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
'),

('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
'),

('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
'),

('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
'),

-- Rows of silos that stopped answering long ago; a row still marked active (status 3) is kept
-- for the membership protocol to settle first.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- The images table, kept current by the image grains for listings. Its view count moves in the
-- same transaction as the view log, and its privacy in the same transaction as the count of
-- private images, so both are exact whatever fails. A row without privacy (NULL) was written by
-- a build that kept privacy in the grain's state only; the silo fills it in from the grain's state
-- before it takes calls.
CREATE TABLE IF NOT EXISTS images
(
    id          bigint NOT NULL PRIMARY KEY,
    uuid        text   NOT NULL UNIQUE,
    filename    text   NOT NULL,
    extension   text   NOT NULL,
    size        bigint NOT NULL,
    uploaded_at bigint NOT NULL,
    views       bigint NOT NULL DEFAULT 0
);

ALTER TABLE images ADD COLUMN IF NOT EXISTS is_private boolean NULL;
ALTER TABLE images ADD COLUMN IF NOT EXISTS private_key text NULL;

-- Every recorded batch rewrites the view count of each image it touches. Room left on each page
-- lets PostgreSQL keep a row's new version beside the old one (a HOT update), leaving the table's
-- four indexes alone; with full pages, recording ran at about two thirds of the speed. The setting
-- applies to pages written from now on, so an older database gains as its pages are rewritten.
ALTER TABLE images SET (fillfactor = 30);

CREATE INDEX IF NOT EXISTS ix_images_extension ON images (extension, id);
CREATE INDEX IF NOT EXISTS ix_images_uploaded_at ON images (uploaded_at, id);

-- The count of private images, moved in the transaction of each change. It is counted from the
-- images table once, at the start that fills in the privacy of rows from a build that kept it in
-- the grains' state, which then sets counted; a table from a build that took the catalogue's
-- count instead gains the flag unset, and is counted anew.
CREATE TABLE IF NOT EXISTS image_counts
(
    id             integer NOT NULL PRIMARY KEY CHECK (id = 1),
    private_images bigint  NOT NULL,
    counted        boolean NOT NULL DEFAULT false
);

ALTER TABLE image_counts ADD COLUMN IF NOT EXISTS counted boolean NOT NULL DEFAULT false;

INSERT INTO image_counts (id, private_images) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM image_counts);

-- The append-only view log, as chunks: each row holds a run of one image's views, its id the id
-- of the newest of them and first_id that of the oldest (the layout is ViewChunk's).
CREATE TABLE IF NOT EXISTS view_chunks
(
    id         bigint NOT NULL PRIMARY KEY,
    image_id   bigint NOT NULL,
    first_id   bigint NOT NULL,
    image_uuid text   NOT NULL,
    views      bytea  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_view_chunks_image ON view_chunks (image_id, first_id);

-- Writers run side by side, so each batch takes a block of ids of its own: view ids are the
-- block number times 2^20 plus the view's place in its batch.
CREATE SEQUENCE IF NOT EXISTS view_blocks;

-- The batches in the log, one row each, written in the batch's transaction: a retried batch
-- finds its id here and changes nothing.
CREATE TABLE IF NOT EXISTS view_batches
(
    batch_id uuid NOT NULL PRIMARY KEY
);

-- Site traffic summed per UTC day (days since 1970-01-01) and per country, updated with the log.
CREATE TABLE IF NOT EXISTS daily_views
(
    day   integer NOT NULL PRIMARY KEY,
    views bigint  NOT NULL
);

CREATE TABLE IF NOT EXISTS country_views
(
    code  text   NOT NULL PRIMARY KEY,
    name  text   NOT NULL,
    views bigint NOT NULL
);
