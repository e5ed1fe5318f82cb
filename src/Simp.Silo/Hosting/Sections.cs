using Microsoft.Extensions.Configuration;

namespace Simp.Silo.Hosting;

/// <summary>Reads an options section while the host is still being built, before options exist.</summary>
public static class Sections
{
    /// <summary>The section bound to a new <typeparamref name="T"/>, or its defaults when the section is absent.</summary>
    public static T Bind<T>(IConfiguration configuration, string section) where T : new()
        => configuration.GetSection(section).Get<T>() ?? new T();
}
