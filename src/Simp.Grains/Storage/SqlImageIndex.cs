using System.Data.Common;
using System.Text;
using Dapper;
using Orleans.Storage;
using Simp.Grains.Images;

namespace Simp.Grains.Storage;

/// <summary>
/// The images table and the count of private images on a relational engine. The SQL is portable
/// but for the upsert and the paging clause, which each engine supplies.
/// </summary>
public abstract class SqlImageIndex(DbDataSource dataSource) : IImageIndex
{
    /// <summary>
    /// Inserts or replaces a row, with parameters Id, Uuid, Filename, Extension, Size, UploadedAt, and
    /// IsPrivate and PrivateKey for a new row only.
    /// </summary>
    protected abstract string UpsertSql { get; }

    /// <summary>Ends a query ordered by id with a page of @Limit rows after @Offset.</summary>
    protected abstract string PageClause { get; }

    /// <inheritdoc />
    public async Task UpsertAsync(ImageDetails image, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            image.Id,
            image.Uuid,
            image.Filename,
            image.Extension,
            image.Size,
            UploadedAt = UnixTime.ToMilliseconds(image.UploadedAt),
            image.IsPrivate,
            image.PrivateKey,
        };

        await WriteAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, cancellationToken: cancellationToken));
        });
    }

    /// <inheritdoc />
    public async Task<long> ReadViewsAsync(long imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT views FROM images WHERE id = @Id", new { Id = imageId }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <inheritdoc />
    public async Task<ImagePrivacy?> ReadPrivacyAsync(long imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PrivacyRow>(new CommandDefinition(
            "SELECT is_private AS IsPrivate, private_key AS PrivateKey FROM images WHERE id = @Id", new { Id = imageId }, cancellationToken: cancellationToken));

        return row is null ? null : new ImagePrivacy(row.IsPrivate ?? false, row.PrivateKey ?? "");
    }

    /// <summary>Stores a row's privacy, with parameters Id, IsPrivate, PrivateKey, and WasPrivate, the flag it must hold.</summary>
    protected const string SetPrivacySql = """
        UPDATE images SET is_private = @IsPrivate, private_key = @PrivateKey
        WHERE id = @Id AND is_private = @WasPrivate
        """;

    /// <summary>Moves the count of private images by @Delta.</summary>
    protected const string AddPrivateImagesSql = "UPDATE image_counts SET private_images = private_images + @Delta WHERE id = 1";

    /// <inheritdoc />
    public virtual Task WritePrivacyAsync(long imageId, bool wasPrivate, ImagePrivacy privacy, CancellationToken cancellationToken = default)
        => WriteInTransactionAsync(async (connection, transaction) =>
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            SetPrivacySql, new { Id = imageId, privacy.IsPrivate, privacy.PrivateKey, WasPrivate = wasPrivate }, transaction, cancellationToken: cancellationToken));
        var delta = PrivateImagesDelta(imageId, updated, wasPrivate, privacy);
        if (delta != 0)
        {
            await AddPrivateImagesAsync(connection, transaction, delta, cancellationToken);
        }
    }, cancellationToken);

    /// <summary>
    /// How far a stored change of privacy moves the count of private images, given the rows
    /// <see cref="SetPrivacySql"/> updated. Throws <see cref="InconsistentStateException"/>, for the
    /// transaction to roll back, when it updated none.
    /// </summary>
    protected static int PrivateImagesDelta(long imageId, int rowsUpdated, bool wasPrivate, ImagePrivacy privacy)
    {
        if (rowsUpdated == 0)
        {
            throw new InconsistentStateException($"Image {imageId} has no row, or its row no longer holds the privacy its grain last wrote.");
        }

        return privacy.IsPrivate == wasPrivate ? 0 : privacy.IsPrivate ? 1 : -1;
    }

    /// <inheritdoc />
    public Task RemoveAsync(long imageId, bool wasPrivate, CancellationToken cancellationToken = default)
        => WriteInTransactionAsync(async (connection, transaction) =>
    {
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM images WHERE id = @Id", new { Id = imageId }, transaction, cancellationToken: cancellationToken));
        if (removed > 0 && wasPrivate)
        {
            await AddPrivateImagesAsync(connection, transaction, -1, cancellationToken);
        }
    }, cancellationToken);

    /// <inheritdoc />
    public async Task<long> CountPrivateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT private_images FROM image_counts WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ReadIdsWithoutPrivacyAsync(long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM images WHERE is_private IS NULL AND id > @AfterId ORDER BY id {PageClause}",
            new { AfterId = afterId, Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));

        return [.. ids];
    }

    /// <inheritdoc />
    public Task FillPrivacyAsync(IReadOnlyList<(long ImageId, ImagePrivacy Privacy)> rows, CancellationToken cancellationToken = default)
        => WriteInTransactionAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE images SET is_private = @IsPrivate, private_key = @PrivateKey WHERE id = @Id AND is_private IS NULL",
            rows.Select(row => new { Id = row.ImageId, row.Privacy.IsPrivate, row.Privacy.PrivateKey }), transaction,
            cancellationToken: cancellationToken)), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> IsPrivateCountedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT counted FROM image_counts WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public Task CountPrivateFromRowsOnceAsync(CancellationToken cancellationToken = default) => WriteAsync(async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE image_counts
            SET private_images = (SELECT COUNT(*) FROM images WHERE is_private = @Counted), counted = @Counted
            WHERE id = 1 AND counted = @NotCounted
            """, new { Counted = true, NotCounted = false }, cancellationToken: cancellationToken));
    });

    private static Task AddPrivateImagesAsync(DbConnection connection, DbTransaction transaction, int delta, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            AddPrivateImagesSql, new { Delta = delta }, transaction, cancellationToken: cancellationToken));

    /// <summary>Runs a write; an engine with one writer at a time queues it for its turn.</summary>
    protected virtual Task WriteAsync(Func<Task> write) => write();

    // A write in a transaction of its own, committed once the work returns.
    private Task WriteInTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) => WriteAsync(async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    });

    /// <inheritdoc />
    public async Task<ImagePage<long>> QueryAsync(ImageQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = BuildFilter(query);
        parameters.Add("Limit", query.PageSize);
        parameters.Add("Offset", (long)(query.Page - 1) * query.PageSize);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM images{where}", parameters, cancellationToken: cancellationToken));
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM images{where} ORDER BY id DESC {PageClause}", parameters, cancellationToken: cancellationToken));

        return new ImagePage<long>([.. ids], total);
    }

    private static (string Where, DynamicParameters Parameters) BuildFilter(ImageQuery query)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();

        if (query.Extensions is { } extensions)
        {
            conditions.Add("extension IN @Extensions");
            parameters.Add("Extensions", extensions);
        }

        if (query.UploadedFrom is { } from)
        {
            conditions.Add("uploaded_at >= @From");
            parameters.Add("From", UnixTime.ToMilliseconds(from));
        }

        if (query.UploadedBefore is { } before)
        {
            conditions.Add("uploaded_at < @Before");
            parameters.Add("Before", UnixTime.ToMilliseconds(before));
        }

        var where = conditions.Count == 0 ? "" : new StringBuilder(" WHERE ").AppendJoin(" AND ", conditions).ToString();
        return (where, parameters);
    }

    // Engines return the flag as their own type (an integer in SQLite); Dapper converts it on assignment.
    private sealed class PrivacyRow
    {
        public bool? IsPrivate { get; init; }

        public string? PrivateKey { get; init; }
    }
}
