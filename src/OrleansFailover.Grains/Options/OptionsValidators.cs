using Microsoft.Extensions.Options;

namespace OrleansFailover.Grains.Options;

/// <summary>Rules checked at start-up, each failure with a message that names the setting and the fix.</summary>
internal sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var failures = new List<string>();
        if (options.SyncInterval < BackupOptions.MinimumSyncInterval)
        {
            failures.Add($"Backup:SyncInterval is {options.SyncInterval}; it must be at least {BackupOptions.MinimumSyncInterval} (00:00:30).");
        }

        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add($"Backup:PageSize is {options.PageSize}; it must be between 1 and 10000.");
        }

        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            failures.Add("Backup:Folder is empty; set it to a folder every silo can reach.");
        }

        if (options.Retention < 1)
        {
            failures.Add($"Backup:Retention is {options.Retention}; at least one generation must be kept.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class FailoverOptionsValidator : IValidateOptions<FailoverOptions>
{
    public ValidateOptionsResult Validate(string? name, FailoverOptions options)
    {
        var failures = new List<string>();
        if (options.FailureThreshold < 1)
        {
            failures.Add($"Failover:FailureThreshold is {options.FailureThreshold}; it must be at least 1.");
        }

        if (options.BreakDuration <= TimeSpan.Zero)
        {
            failures.Add($"Failover:BreakDuration is {options.BreakDuration}; it must be positive.");
        }

        if (options.ProbeInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"Failover:ProbeInterval is {options.ProbeInterval}; it must be at least 100 ms.");
        }

        if (!Enum.IsDefined(options.ConflictRule))
        {
            failures.Add($"Failover:ConflictRule is {options.ConflictRule}; it must be NewestWins, JournalWins or PrimaryWins.");
        }

        if (options.ReplayBatchPoints is < 1 or > 100_000)
        {
            failures.Add($"Failover:ReplayBatchPoints is {options.ReplayBatchPoints}; it must be between 1 and 100000.");
        }

        if (options.ReseedBelowFraction is < 0 or > 1 || double.IsNaN(options.ReseedBelowFraction))
        {
            failures.Add($"Failover:ReseedBelowFraction is {options.ReseedBelowFraction}; it must be between 0 and 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class QdrantOptionsValidator : IValidateOptions<QdrantOptions>
{
    public ValidateOptionsResult Validate(string? name, QdrantOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoint is null || !options.Endpoint.IsAbsoluteUri ||
            options.Endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"Qdrant:Endpoint is '{options.Endpoint}'; it must be an absolute http:// or https:// URI of Qdrant's gRPC port (6334).");
        }

        if (options.CallTimeout <= TimeSpan.Zero || options.HealthCheckTimeout <= TimeSpan.Zero)
        {
            failures.Add("Qdrant:CallTimeout and Qdrant:HealthCheckTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options) =>
        options.ModeRefreshInterval > TimeSpan.Zero && options.ModeRefreshInterval <= TimeSpan.FromSeconds(1)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Routing:ModeRefreshInterval is {options.ModeRefreshInterval}; it must be between 0 and 1 second so silos learn of failover within a second.");
}

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        Check(failures, "MaxPointsPerUpsert", options.MaxPointsPerUpsert, 1_000_000);
        Check(failures, "MaxIdsPerRequest", options.MaxIdsPerRequest, 1_000_000);
        Check(failures, "MaxPayloadBytes", options.MaxPayloadBytes, 64 * 1024 * 1024);
        Check(failures, "MaxPayloadDepth", options.MaxPayloadDepth, LimitsOptions.PayloadDepthCeiling);
        Check(failures, "MaxFilterConditions", options.MaxFilterConditions, 100_000);
        Check(failures, "MaxFilterDepth", options.MaxFilterDepth, 64);
        Check(failures, "MaxSearchLimit", options.MaxSearchLimit, OrleansFailover.Contracts.SearchRequest.MaxLimit);
        Check(failures, "MaxScrollLimit", options.MaxScrollLimit, OrleansFailover.Contracts.ScrollRequest.MaxLimit);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string setting, int value, int ceiling)
    {
        if (value < 1 || value > ceiling)
        {
            failures.Add($"Limits:{setting} is {value}; it must be between 1 and {ceiling}.");
        }
    }
}
