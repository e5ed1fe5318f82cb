using System.Data.Common;

namespace Simp.Grains.Storage;

/// <summary>Parameter plumbing the engines' hand-written commands share.</summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds a named parameter; a null value is sent as SQL NULL.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
