using Microsoft.Extensions.Options;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// Keys checked at start-up: long enough, not the deployment manifest's placeholder, and each key with its own job
/// (a client key that were also the cluster key would make its holder a silo).
/// </summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    /// <summary>What the example manifests put where a secret belongs.</summary>
    public const string ManifestPlaceholder = "REPLACE-WITH-openssl-rand-hex-32";

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Security:ApiKey", options.ApiKey);
        Check(failures, "Security:ReadOnlyApiKey", options.ReadOnlyApiKey);
        Check(failures, "Security:ClusterKey", options.ClusterKey);
        if (!string.IsNullOrEmpty(options.ReadOnlyApiKey) && string.IsNullOrEmpty(options.ApiKey))
        {
            failures.Add("Security:ReadOnlyApiKey is set but Security:ApiKey is not: set both (nothing could write otherwise).");
        }

        if (Same(options.ApiKey, options.ReadOnlyApiKey))
        {
            failures.Add("Security:ReadOnlyApiKey is the same as Security:ApiKey: a read-only key must differ from the full one.");
        }

        if (Same(options.ClusterKey, options.ApiKey) || Same(options.ClusterKey, options.ReadOnlyApiKey))
        {
            failures.Add("Security:ClusterKey is the same as an API key: clients must not hold the silos' secret.");
        }

        if (options.ProtectStatus && !options.KeysConfigured)
        {
            failures.Add("Security:ProtectStatus is true but no Security:ApiKey is configured: /status could never be read.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string setting, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (key.Contains("REPLACE-WITH", StringComparison.OrdinalIgnoreCase) || key.Equals("change-me", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{setting} is the manifest's placeholder '{key}': set a random value (openssl rand -hex 32).");
        }
        else if (key.Length < SecurityOptions.MinimumKeyLength)
        {
            failures.Add($"{setting} is {key.Length} characters long; it must be at least {SecurityOptions.MinimumKeyLength} (openssl rand -hex 32).");
        }
        else if (key.Trim().Length != key.Length)
        {
            failures.Add($"{setting} starts or ends with white space; a key copied with a line break would never match.");
        }
    }

    private static bool Same(string? a, string? b) => !string.IsNullOrEmpty(a) && string.Equals(a, b, StringComparison.Ordinal);
}
