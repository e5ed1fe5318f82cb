using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>The parameters of a prepared view-log insert, set anew for each view of a batch.</summary>
internal sealed class ViewInsertParameters
{
    private ViewInsertParameters(DbCommand command)
    {
        ImageId = command.AddParameter("@ImageId");
        ImageUuid = command.AddParameter("@ImageUuid");
        ViewedAt = command.AddParameter("@ViewedAt");
        Ip = command.AddParameter("@Ip");
        CountryCode = command.AddParameter("@CountryCode");
        CountryName = command.AddParameter("@CountryName");
        UserAgent = command.AddParameter("@UserAgent");
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
}
