using System.Data.Common;

namespace Simp.Grains.Storage;

/// <summary>The images table in SQLite, written in the process's turns.</summary>
public sealed class SqliteImageIndex(DbDataSource dataSource, WriteTurns turns) : SqlImageIndex(dataSource)
{
    /// <inheritdoc />
    protected override string UpsertSql => """
        INSERT INTO images (id, uuid, filename, extension, size, uploaded_at, is_private, private_key)
        VALUES (@Id, @Uuid, @Filename, @Extension, @Size, @UploadedAt, @IsPrivate, @PrivateKey)
        ON CONFLICT (id) DO UPDATE SET
            uuid = excluded.uuid, filename = excluded.filename, extension = excluded.extension,
            size = excluded.size, uploaded_at = excluded.uploaded_at
        """;

    /// <inheritdoc />
    protected override string PageClause => "LIMIT @Limit OFFSET @Offset";

    /// <inheritdoc />
    protected override Task WriteAsync(Func<Task> write) => turns.RunAsync(write);
}
