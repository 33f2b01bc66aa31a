using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Grains.Collections;
using OrleansFailover.Grains.Options;
using OrleansFailover.Grains.Restore;
using OrleansFailover.Grains.Routing;
using OrleansFailover.Grains.Services;
using OrleansFailover.Grains.Storage;
using OrleansFailover.Grains.Telemetry;

namespace OrleansFailover.Grains.Hosting;

/// <summary>Adds the failover service to a silo: options (validated at start-up), services and the start-up discovery.</summary>
public static class FailoverSiloBuilderExtensions
{
    /// <summary>
    /// Registers everything the grains need. Grain state goes to the provider named <see cref="StorageNames.State"/>,
    /// which the host adds (<see cref="AddFileStateStorage"/> for the embedded silo, or another provider).
    /// </summary>
    public static ISiloBuilder AddOrleansFailover(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section)).ValidateOnStart();
        services.AddOptions<FailoverOptions>().Bind(configuration.GetSection(FailoverOptions.Section)).ValidateOnStart();
        services.AddOptions<QdrantOptions>().Bind(configuration.GetSection(QdrantOptions.Section)).ValidateOnStart();
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();
        services.AddSingleton<IValidateOptions<FailoverOptions>, FailoverOptionsValidator>();
        services.AddSingleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();

        // Reminders below a minute are Orleans' default floor; ours is 30 seconds (Backup:SyncInterval's minimum).
        services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = BackupOptions.MinimumSyncInterval);

        services.TryAddSingleton(ServiceTime.Real);
        services.AddSingleton<PrimaryStore>();
        services.AddSingleton<ServiceModeCache>();
        services.AddSingleton(provider =>
        {
            var backup = provider.GetRequiredService<IOptions<BackupOptions>>().Value;
            return new BackupFolder(backup.Folder, backup.Retention);
        });
        services.AddSingleton<BackupRestorer>();
        services.AddSingleton<CollectionServices>();
        services.AddMetrics();
        services.AddSingleton<FailoverMetrics>();
        services.AddHostedService<ServiceModeRefresher>();
        silo.AddStartupTask<CollectionDiscovery>();
        return silo;
    }

    /// <summary>Keeps grain state in files under <paramref name="folder"/>: durable across silo restarts.</summary>
    public static ISiloBuilder AddFileStateStorage(this ISiloBuilder silo, string folder)
    {
        silo.Services.AddGrainStorage(
            StorageNames.State,
            (provider, _) => new FileGrainStorage(folder, provider.GetRequiredService<Serializer>()));
        return silo;
    }
}
