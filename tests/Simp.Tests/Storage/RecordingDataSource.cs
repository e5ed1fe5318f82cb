using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Simp.Tests.Storage;

/// <summary>A command as it would have reached the database: its text and its parameters.</summary>
internal sealed record RecordedCommand(
    string Text, IReadOnlyDictionary<string, object?> Parameters, bool InTransaction);

/// <summary>
/// A data source that runs nothing and records every command, for checking the SQL an engine's
/// code builds where the engine itself cannot run. Scalars return <see cref="Scalar"/>, other
/// commands affect no rows; commits and rollbacks are recorded as the texts COMMIT and ROLLBACK.
/// </summary>
internal sealed class RecordingDataSource : DbDataSource
{
    public List<RecordedCommand> Commands { get; } = [];

    public object Scalar { get; set; } = 0;

    public override string ConnectionString => "";

    protected override DbConnection CreateDbConnection() => new Connection(this);

    private sealed class Connection(RecordingDataSource source) : DbConnection
    {
        private ConnectionState _state = ConnectionState.Closed;

        [AllowNull]
        public override string ConnectionString { get; set; } = "";

        public override string Database => "";

        public override string DataSource => "";

        public override string ServerVersion => "";

        public override ConnectionState State => _state;

        public RecordingDataSource Source => source;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Open() => _state = ConnectionState.Open;

        public override void Close() => _state = ConnectionState.Closed;

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new Transaction(this);

        protected override DbCommand CreateDbCommand() => new Command(this);
    }

    private sealed class Transaction(Connection connection) : DbTransaction
    {
        private static readonly Dictionary<string, object?> NoParameters = [];

        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => connection.Source.Commands.Add(new("COMMIT", NoParameters, true));

        public override void Rollback() => connection.Source.Commands.Add(new("ROLLBACK", NoParameters, true));
    }

    private sealed class Command(Connection connection) : DbCommand
    {
        // Borrowed only for its parameter collection; nothing is ever run on SQLite.
        private readonly SqliteCommand _parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; } = connection;

        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery()
        {
            Record();
            return 0;
        }

        public override object? ExecuteScalar()
        {
            Record();
            return connection.Source.Scalar;
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => _parameters.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
            throw new NotSupportedException();

        private void Record() => connection.Source.Commands.Add(new(
            CommandText,
            Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName, p => p.Value),
            DbTransaction is not null));
    }
}
