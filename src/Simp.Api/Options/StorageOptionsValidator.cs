using Simp.Api.Images;

using Microsoft.Extensions.Options;

namespace Simp.Api.Options;

/// <summary>Rejects storage settings that cannot be parsed, naming the key and the fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();

        if (!ByteSize.TryParse(options.MaxFileSize, out var maxFile) || maxFile <= 0)
        {
            failures.Add($"{StorageOptions.SectionName}:{nameof(options.MaxFileSize)} '{options.MaxFileSize}' is not a size; use a value such as 10MB.");
        }

        if (!options.IsFullDisk && (!ByteSize.TryParse(options.MaxStorage, out var maxStorage) || maxStorage <= 0))
        {
            failures.Add($"{StorageOptions.SectionName}:{nameof(options.MaxStorage)} '{options.MaxStorage}' is not a size; use a value such as 5GB, or FULL.");
        }

        var unknown = options.AllowedExtensions.Where(extension => !ImageFormats.IsKnownExtension(extension)).ToList();
        if (options.AllowedExtensions.Length == 0 || unknown.Count > 0)
        {
            failures.Add($"{StorageOptions.SectionName}:{nameof(options.AllowedExtensions)} must list image extensions Simp can check " +
                $"({string.Join(", ", ImageFormats.KnownExtensions)}); not: {string.Join(", ", unknown)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
