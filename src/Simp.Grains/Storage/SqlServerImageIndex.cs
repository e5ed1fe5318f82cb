using System.Data.Common;

namespace Simp.Grains.Storage;

/// <summary>The images table in SQL Server.</summary>
public sealed class SqlServerImageIndex(DbDataSource dataSource) : SqlImageIndex(dataSource)
{
    /// <inheritdoc />
    /// <remarks>
    /// HOLDLOCK keeps the range of a missing id locked to the end of the statement, so two upserts
    /// of a new id cannot both take the insert branch.
    /// </remarks>
    protected override string UpsertSql => """
        MERGE images WITH (HOLDLOCK) AS target
        USING (SELECT @Id AS id) AS source ON target.id = source.id
        WHEN MATCHED THEN UPDATE SET
            uuid = @Uuid, filename = @Filename, extension = @Extension, size = @Size, uploaded_at = @UploadedAt
        WHEN NOT MATCHED THEN
            INSERT (id, uuid, filename, extension, size, uploaded_at, is_private, private_key)
            VALUES (@Id, @Uuid, @Filename, @Extension, @Size, @UploadedAt, @IsPrivate, @PrivateKey);
        """;

    /// <inheritdoc />
    protected override string PageClause => "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY";
}
