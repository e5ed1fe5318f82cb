using System.Data.Common;
using Simp.Grains.Images;

namespace Simp.Grains.Storage;

/// <summary>The images table in SQLite, written in the process's turns.</summary>
public sealed class SqliteImageIndex(DbDataSource dataSource, WriteTurns turns) : SqlImageIndex(dataSource), IDisposable
{
    // A change of privacy is answered only once it is durable, and several callers may wait on the
    // same image: its statements stay compiled on a connection of their own.
    private readonly SqliteStatements _privacyWrites = new(dataSource.ConnectionString);

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
    public override Task WritePrivacyAsync(long imageId, bool wasPrivate, ImagePrivacy privacy, CancellationToken cancellationToken = default)
        => turns.RunAsync(() =>
        {
            _privacyWrites.InTransaction(write =>
            {
                var updated = write.Execute(SetPrivacySql,
                    ("@Id", imageId), ("@IsPrivate", privacy.IsPrivate), ("@PrivateKey", privacy.PrivateKey), ("@WasPrivate", wasPrivate));
                var delta = PrivateImagesDelta(imageId, updated, wasPrivate, privacy);
                if (delta != 0)
                {
                    write.Execute(AddPrivateImagesSql, ("@Delta", delta));
                }
            });

            return Task.CompletedTask;
        }, cancellationToken);

    /// <inheritdoc />
    protected override Task WriteAsync(Func<Task> write) => turns.RunAsync(write);

    public void Dispose() => _privacyWrites.Dispose();
}
