using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFailover.Silo;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>A silo with bad settings refuses to start and says which setting and why.</summary>
public sealed class OptionsValidationTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Backup:SyncInterval", "00:00:10", "Backup:SyncInterval is 00:00:10; it must be at least 00:00:30")]
    [InlineData("Backup:PageSize", "0", "Backup:PageSize is 0")]
    [InlineData("Failover:FailureThreshold", "0", "Failover:FailureThreshold is 0")]
    [InlineData("Qdrant:Endpoint", "localhost:6334", "Qdrant:Endpoint")]
    [InlineData("Routing:ModeRefreshInterval", "00:00:05", "Routing:ModeRefreshInterval is 00:00:05")]
    [InlineData("Security:ApiKey", "short-key", "Security:ApiKey is 9 characters long; it must be at least 16")]
    [InlineData("Security:ApiKey", "REPLACE-WITH-openssl-rand-hex-32", "Security:ApiKey is the manifest's placeholder")]
    [InlineData("Security:ReadOnlyApiKey", "read-key-0123456789abcdef", "Security:ReadOnlyApiKey is set but Security:ApiKey is not")]
    [InlineData("Security:ClusterKey", "change-me", "Security:ClusterKey is the manifest's placeholder")]
    [InlineData("Security:ProtectStatus", "true", "Security:ProtectStatus is true but no Security:ApiKey is configured")]
    [InlineData("Limits:MaxPointsPerUpsert", "0", "Limits:MaxPointsPerUpsert is 0")]
    [InlineData("Limits:MaxSearchLimit", "10001", "Limits:MaxSearchLimit is 10001; it must be between 1 and 10000")]
    public async Task A_bad_setting_stops_the_silo_at_start_up_with_a_clear_message(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Folder"] = Path.Combine(_folder.Path, "state"),
            ["Backup:Folder"] = Path.Combine(_folder.Path, "backups"),
            ["Orleans:SiloPort"] = "39011",
            ["Orleans:GatewayPort"] = "39012",
            [key] = value,
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();

        var error = await Record.ExceptionAsync(async () =>
        {
            builder.UseOrleans(silo => SiloConfiguration.ConfigureEmbedded(silo, configuration));
            using var host = builder.Build();
            await host.StartAsync(TestContext.Current.CancellationToken);
            await host.StopAsync(TestContext.Current.CancellationToken);
        });

        Assert.NotNull(error);
        var text = error is OptionsValidationException validation ? string.Join(" ", validation.Failures) : error.Message;
        Assert.Contains(message, text, StringComparison.Ordinal);
    }
}
