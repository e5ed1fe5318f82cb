using System.Data.Common;

namespace Simp.Grains.Storage;

/// <summary>The images table in PostgreSQL.</summary>
public sealed class PostgresImageIndex(DbDataSource dataSource) : SqlImageIndex(dataSource)
{
    /// <inheritdoc />
    protected override string UpsertSql => """
        INSERT INTO images (id, uuid, filename, extension, size, uploaded_at, is_private, private_key)
        VALUES (@Id, @Uuid, @Filename, @Extension, @Size, @UploadedAt, @IsPrivate, @PrivateKey)
        ON CONFLICT (id) DO UPDATE SET
            uuid = EXCLUDED.uuid, filename = EXCLUDED.filename, extension = EXCLUDED.extension,
            size = EXCLUDED.size, uploaded_at = EXCLUDED.uploaded_at
        """;

    /// <inheritdoc />
    protected override string PageClause => "LIMIT @Limit OFFSET @Offset";
}
