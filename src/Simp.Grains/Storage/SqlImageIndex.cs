using System.Data.Common;
using System.Text;
using Dapper;
using Simp.Grains.Images;

namespace Simp.Grains.Storage;

/// <summary>
/// The images table on a relational engine. The SQL is portable but for the upsert and the
/// paging clause, which each engine supplies.
/// </summary>
public abstract class SqlImageIndex(DbDataSource dataSource) : IImageIndex
{
    /// <summary>Inserts or replaces a row, with parameters Id, Uuid, Filename, Extension, Size and UploadedAt.</summary>
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
    public Task RemoveAsync(long imageId, CancellationToken cancellationToken = default) => WriteAsync(async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM images WHERE id = @Id", new { Id = imageId }, cancellationToken: cancellationToken));
    });

    /// <summary>Runs a write; an engine with one writer at a time queues it for its turn.</summary>
    protected virtual Task WriteAsync(Func<Task> write) => write();

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
}
