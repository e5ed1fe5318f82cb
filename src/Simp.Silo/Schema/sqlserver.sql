-- Simp schema for SQL Server. Applied at every start; every statement is idempotent.
--
-- The engine splits this script into batches at every line that holds only GO (any case, any
-- surrounding blanks) and runs the batches in order in one transaction, under an application lock,
-- so processes starting together apply it one after the other. Each CREATE sits in a batch of its
-- own: SQL Server compiles a whole batch before running it, and a statement that names a table
-- created earlier in the same batch is easiest to get wrong. Never put a line holding only GO
-- inside a query text below: it would cut the text in two.
--
-- Identity columns of grain state use a binary collation: the default collations compare text
-- case-insensitively, and two grains whose string keys differ only in case must not share a row.

-- The query table the Orleans ADO.NET providers read their statements from, by key.
IF OBJECT_ID(N'dbo.OrleansQuery', N'U') IS NULL
CREATE TABLE dbo.OrleansQuery
(
    QueryKey  VARCHAR(64)   NOT NULL CONSTRAINT PK_OrleansQuery PRIMARY KEY,
    QueryText NVARCHAR(MAX) NOT NULL
);
GO

-- Grain state. The full grain identity is the primary key; at 1,628 bytes it is too wide for a
-- clustered key (900 bytes at most) but fits a nonclustered one (1,700), so the rows are clustered
-- on the two hashes the provider sends instead, which spread them evenly and keep the table from
-- being a heap whose growing payloads leave forwarded rows behind.
IF OBJECT_ID(N'dbo.OrleansStorage', N'U') IS NULL
CREATE TABLE dbo.OrleansStorage
(
    ServiceId              NVARCHAR(150)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    GrainTypeString        NVARCHAR(256)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    GrainIdN0              BIGINT         NOT NULL,
    GrainIdN1              BIGINT         NOT NULL,
    GrainIdExtensionString NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    GrainIdHash            INT            NOT NULL,
    GrainTypeHash          INT            NOT NULL,
    PayloadBinary          VARBINARY(MAX) NULL,
    ModifiedOn             DATETIME2(3)   NOT NULL,
    Version                INT            NOT NULL,
    CONSTRAINT PK_OrleansStorage PRIMARY KEY NONCLUSTERED
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes
               WHERE object_id = OBJECT_ID(N'dbo.OrleansStorage') AND name = N'CX_OrleansStorage_Hash')
CREATE CLUSTERED INDEX CX_OrleansStorage_Hash ON dbo.OrleansStorage (GrainIdHash, GrainTypeHash);
GO

-- Membership of an ADO.NET-clustered deployment: one version row per cluster, which every change
-- bumps, and one row per silo incarnation.
IF OBJECT_ID(N'dbo.OrleansMembershipVersionTable', N'U') IS NULL
CREATE TABLE dbo.OrleansMembershipVersionTable
(
    DeploymentId NVARCHAR(150) NOT NULL CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY,
    Timestamp    DATETIME2(3)  NOT NULL CONSTRAINT DF_OrleansMembershipVersionTable_Timestamp DEFAULT SYSUTCDATETIME(),
    Version      INT           NOT NULL CONSTRAINT DF_OrleansMembershipVersionTable_Version DEFAULT 0
);
GO

IF OBJECT_ID(N'dbo.OrleansMembershipTable', N'U') IS NULL
CREATE TABLE dbo.OrleansMembershipTable
(
    DeploymentId NVARCHAR(150) NOT NULL,
    Address      VARCHAR(45)   NOT NULL,
    Port         INT           NOT NULL,
    Generation   INT           NOT NULL,
    SiloName     NVARCHAR(150) NOT NULL,
    HostName     NVARCHAR(150) NOT NULL,
    Status       INT           NOT NULL,
    ProxyPort    INT           NULL,
    SuspectTimes VARCHAR(MAX)  NULL,
    StartTime    DATETIME2(3)  NOT NULL,
    IAmAliveTime DATETIME2(3)  NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES dbo.OrleansMembershipVersionTable (DeploymentId)
);
GO

-- The queries, replaced on every start so that a changed script takes effect. The provider runs
-- each text through sp_executesql with its parameters; NOCOUNT keeps row counts of inner
-- statements from reaching it, and every query that reports a result ends in exactly one result
-- set, because the provider reads the rows of all result sets together.
MERGE dbo.OrleansQuery WITH (HOLDLOCK) AS target
USING (VALUES

-- A write succeeds when the caller's version is the stored one (or both are absent) and returns
-- the new version; otherwise it returns no row, which the provider reports as a conflict. The
-- range lock taken by the existence check makes the second of two racing first writes wait and
-- then insert nothing, instead of failing on the primary key.
('WriteToStorageKey', N'
    SET NOCOUNT ON;
    IF @GrainStateVersion IS NOT NULL
    BEGIN
        UPDATE dbo.OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = SYSUTCDATETIME(), Version = Version + 1
        OUTPUT inserted.Version AS NewGrainStateVersion
        WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString = ISNULL(@GrainIdExtensionString, N'''')
          AND Version = @GrainStateVersion;
    END
    ELSE
    BEGIN
        INSERT INTO dbo.OrleansStorage
            (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
             GrainIdHash, GrainTypeHash, PayloadBinary, ModifiedOn, Version)
        OUTPUT inserted.Version AS NewGrainStateVersion
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ISNULL(@GrainIdExtensionString, N''''),
               @GrainIdHash, @GrainTypeHash, @PayloadBinary, SYSUTCDATETIME(), 1
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.OrleansStorage WITH (UPDLOCK, HOLDLOCK)
            WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
              AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
              AND GrainIdExtensionString = ISNULL(@GrainIdExtensionString, N''''));
    END;
'),

('ReadFromStorageKey', N'
    SET NOCOUNT ON;
    SELECT PayloadBinary, Version
    FROM dbo.OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = ISNULL(@GrainIdExtensionString, N'''');
'),

('ClearStorageKey', N'
    SET NOCOUNT ON;
    UPDATE dbo.OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = SYSUTCDATETIME(), Version = Version + 1
    OUTPUT inserted.Version AS NewGrainStateVersion
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = ISNULL(@GrainIdExtensionString, N'''')
      AND Version = @GrainStateVersion;
'),

-- Deleting returns the deleted version plus one, the provider's sign that the row was current.
('DeleteStorageKey', N'
    SET NOCOUNT ON;
    DELETE FROM dbo.OrleansStorage
    OUTPUT deleted.Version + 1 AS NewGrainStateVersion
    WHERE ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString = ISNULL(@GrainIdExtensionString, N'''')
      AND Version = @GrainStateVersion;
'),

-- The membership queries that report success return one row, one column: how many silo rows
-- changed. A change first bumps the version row, and only while it holds the version the silo
-- read: the row lock serialises the cluster's changes, and of two silos racing with the same
-- version exactly one succeeds while the other changes nothing.
('InsertMembershipVersionKey', N'
    SET NOCOUNT ON;
    INSERT INTO dbo.OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId
    WHERE NOT EXISTS (
        SELECT 1 FROM dbo.OrleansMembershipVersionTable WITH (UPDLOCK, HOLDLOCK)
        WHERE DeploymentId = @DeploymentId);
    SELECT @@ROWCOUNT;
'),

('InsertMembershipKey', N'
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Changed INT = 0;
    BEGIN TRANSACTION;
    UPDATE dbo.OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND Version = @Version;
    IF @@ROWCOUNT > 0
    BEGIN
        INSERT INTO dbo.OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.OrleansMembershipTable WITH (UPDLOCK, HOLDLOCK)
            WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation);
        SET @Changed = @@ROWCOUNT;
    END;
    IF @Changed > 0
    BEGIN
        COMMIT TRANSACTION;
    END
    ELSE
    BEGIN
        ROLLBACK TRANSACTION;
    END;
    SELECT @Changed;
'),

('UpdateMembershipKey', N'
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Changed INT = 0;
    BEGIN TRANSACTION;
    UPDATE dbo.OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = SYSUTCDATETIME()
    WHERE DeploymentId = @DeploymentId AND Version = @Version;
    IF @@ROWCOUNT > 0
    BEGIN
        UPDATE dbo.OrleansMembershipTable
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
        SET @Changed = @@ROWCOUNT;
    END;
    IF @Changed > 0
    BEGIN
        COMMIT TRANSACTION;
    END
    ELSE
    BEGIN
        ROLLBACK TRANSACTION;
    END;
    SELECT @Changed;
'),

('UpdateIAmAlivetimeKey', N'
    SET NOCOUNT ON;
    UPDATE dbo.OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
'),

-- Both reads return the version row even when no silo row matches, which is how the provider
-- learns the version of an empty table.
('MembershipReadRowKey', N'
    SET NOCOUNT ON;
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM dbo.OrleansMembershipVersionTable AS v
    LEFT JOIN dbo.OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
'),

('MembershipReadAllKey', N'
    SET NOCOUNT ON;
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM dbo.OrleansMembershipVersionTable AS v
    LEFT JOIN dbo.OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
'),

('DeleteMembershipTableEntriesKey', N'
    SET NOCOUNT ON;
    DELETE FROM dbo.OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM dbo.OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
'),

('GatewaysQueryKey', N'
    SET NOCOUNT ON;
    SELECT Address, ProxyPort, Generation
    FROM dbo.OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
'),

-- Rows of silos that stopped answering long ago; a row still marked active (status 3) is kept
-- for the membership protocol to settle first.
('CleanupDefunctSiloEntriesKey', N'
    SET NOCOUNT ON;
    DELETE FROM dbo.OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
')

) AS source (QueryKey, QueryText)
ON target.QueryKey = source.QueryKey
WHEN MATCHED THEN
    UPDATE SET QueryText = source.QueryText
WHEN NOT MATCHED BY TARGET THEN
    INSERT (QueryKey, QueryText) VALUES (source.QueryKey, source.QueryText);
GO

-- The images table, kept current by the image grains for listings. Its view count moves in the
-- same transaction as the view log, and its privacy in the same transaction as the count of
-- private images, so both are exact whatever fails. A row without privacy (NULL) was written by
-- a build that kept privacy in the grain's state only; the silo fills it in from the grain's state
-- before it takes calls. Free text is NVARCHAR(MAX) because a value too long for its column would
-- fail the whole write.
IF OBJECT_ID(N'dbo.images', N'U') IS NULL
CREATE TABLE dbo.images
(
    id          BIGINT        NOT NULL CONSTRAINT PK_images PRIMARY KEY,
    uuid        NVARCHAR(64)  NOT NULL CONSTRAINT UQ_images_uuid UNIQUE,
    filename    NVARCHAR(MAX) NOT NULL,
    extension   NVARCHAR(32)  NOT NULL,
    size        BIGINT        NOT NULL,
    uploaded_at BIGINT        NOT NULL,
    views       BIGINT        NOT NULL CONSTRAINT DF_images_views DEFAULT 0
);
GO

IF COL_LENGTH(N'dbo.images', N'is_private') IS NULL
ALTER TABLE dbo.images ADD is_private BIT NULL, private_key NVARCHAR(MAX) NULL;
GO

-- The count of private images, moved in the transaction of each change. It is counted from the
-- images table once, at the start that fills in the privacy of rows from a build that kept it in
-- the grains' state, which then sets counted; a table from a build that took the catalogue's
-- count instead gains the flag unset, and is counted anew.
IF OBJECT_ID(N'dbo.image_counts', N'U') IS NULL
CREATE TABLE dbo.image_counts
(
    id             INT    NOT NULL CONSTRAINT PK_image_counts PRIMARY KEY CONSTRAINT CK_image_counts_one CHECK (id = 1),
    private_images BIGINT NOT NULL,
    counted        BIT    NOT NULL CONSTRAINT DF_image_counts_counted DEFAULT 0
);
GO

IF COL_LENGTH(N'dbo.image_counts', N'counted') IS NULL
ALTER TABLE dbo.image_counts ADD counted BIT NOT NULL CONSTRAINT DF_image_counts_counted DEFAULT 0;
GO

IF NOT EXISTS (SELECT 1 FROM dbo.image_counts)
INSERT INTO dbo.image_counts (id, private_images) VALUES (1, 0);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.images') AND name = N'ix_images_extension')
CREATE INDEX ix_images_extension ON dbo.images (extension, id);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.images') AND name = N'ix_images_uploaded_at')
CREATE INDEX ix_images_uploaded_at ON dbo.images (uploaded_at, id);
GO

-- The append-only view log, clustered on its ascending id. The unique (batch_id, batch_seq) pair
-- makes a retried batch recognisable. An IDENTITY may skip values after a restart; ids only have
-- to ascend.
IF OBJECT_ID(N'dbo.view_log', N'U') IS NULL
CREATE TABLE dbo.view_log
(
    id           BIGINT           IDENTITY(1, 1) NOT NULL CONSTRAINT PK_view_log PRIMARY KEY,
    batch_id     UNIQUEIDENTIFIER NOT NULL,
    batch_seq    INT              NOT NULL,
    image_id     BIGINT           NOT NULL,
    image_uuid   NVARCHAR(64)     NOT NULL,
    viewed_at    BIGINT           NOT NULL,
    ip           NVARCHAR(256)    NULL,
    country_code NVARCHAR(16)     NOT NULL,
    country_name NVARCHAR(256)    NOT NULL,
    user_agent   NVARCHAR(MAX)    NOT NULL
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.view_log') AND name = N'ux_view_log_batch')
CREATE UNIQUE INDEX ux_view_log_batch ON dbo.view_log (batch_id, batch_seq);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.view_log') AND name = N'ix_view_log_image')
CREATE INDEX ix_view_log_image ON dbo.view_log (image_id, id);
GO

-- Site traffic summed per UTC day (days since 1970-01-01) and per country, updated with the log.
IF OBJECT_ID(N'dbo.daily_views', N'U') IS NULL
CREATE TABLE dbo.daily_views
(
    day   INT    NOT NULL CONSTRAINT PK_daily_views PRIMARY KEY,
    views BIGINT NOT NULL
);
GO

IF OBJECT_ID(N'dbo.country_views', N'U') IS NULL
CREATE TABLE dbo.country_views
(
    code  NVARCHAR(16)  NOT NULL CONSTRAINT PK_country_views PRIMARY KEY,
    name  NVARCHAR(256) NOT NULL,
    views BIGINT        NOT NULL
);
GO
