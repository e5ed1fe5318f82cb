using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>The parameters of a prepared view-log insert, set anew for each view of a batch.</summary>
internal sealed class ViewInsertParameters
{
    private ViewInsertParameters(DbCommand command)
    {
        ImageId = Add(command, "@ImageId");
        ImageUuid = Add(command, "@ImageUuid");
        ViewedAt = Add(command, "@ViewedAt");
        Ip = Add(command, "@Ip");
        CountryCode = Add(command, "@CountryCode");
        CountryName = Add(command, "@CountryName");
        UserAgent = Add(command, "@UserAgent");
    }

    public DbParameter ImageId { get; }
    public DbParameter ImageUuid { get; }
    public DbParameter ViewedAt { get; }
    public DbParameter Ip { get; }
    public DbParameter CountryCode { get; }
    public DbParameter CountryName { get; }
    public DbParameter UserAgent { get; }

    public static ViewInsertParameters AddTo(DbCommand command) => new(command);

    public void Set(ViewRecord view)
    {
        ImageId.Value = view.ImageId;
        ImageUuid.Value = view.ImageUuid;
        ViewedAt.Value = UnixTime.ToMilliseconds(view.ViewedAt);
        Ip.Value = (object?)view.Ip ?? DBNull.Value;
        CountryCode.Value = view.Country.Code;
        CountryName.Value = view.Country.Name;
        UserAgent.Value = view.UserAgent;
    }

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
