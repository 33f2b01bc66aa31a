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
using OrleansFailover.Grains.Security;
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
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddSingleton(provider => new RequestLimits(provider.GetRequiredService<IOptions<LimitsOptions>>().Value));
        AddCallSecurity(silo, configuration);

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

    /// <summary>
    /// Every call that reaches a grain is checked (<see cref="CallAuthorizationFilter"/>), every call a silo makes to
    /// a grain is signed as the cluster's (<see cref="ClusterCallSigningFilter"/>), and what clients send through the
    /// gateway is rid of responses (<see cref="GatewayResponseGuard"/>).
    /// </summary>
    private static void AddCallSecurity(ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var security = provider.GetRequiredService<IOptions<SecurityOptions>>().Value;
            return new ApiKeys(security.ApiKey, security.ReadOnlyApiKey);
        });
        services.AddSingleton<CallRefusals>();
        services.AddSingleton(provider => ClusterCallSignature.From(provider.GetRequiredService<IOptions<SecurityOptions>>().Value.ClusterKey));
        silo.AddIncomingGrainCallFilter<CallAuthorizationFilter>();
        silo.AddOutgoingGrainCallFilter<ClusterCallSigningFilter>();
        // After TLS (the host configures it first), before Orleans reads a byte of what the client sent.
        services.AddSingleton<GatewayResponseGuard>();
        silo.Configure<SiloConnectionOptions>(options => options.ConfigureGatewayInboundConnection(connection => connection.UseMiddleware<GatewayResponseGuard>()));
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
