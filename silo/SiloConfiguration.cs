using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansFailover.Grains.Storage;
using OrleansFailover.Grains.Hosting;
using OrleansFailover.Grains.Security;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace OrleansFailover.Silo;

/// <summary>
/// The hosting modes. Embedded (the default): one silo on localhost, reminders in memory, grain state in files.
/// Redis: a cluster of silos sharing membership, reminders and grain state in Redis, each advertising the address
/// other silos and clients reach it at (in Kubernetes, the pod's IP).
/// </summary>
public static class SiloConfiguration
{
    public static SiloHostingOptions ReadHosting(IConfiguration configuration)
    {
        var hosting = configuration.GetSection(SiloHostingOptions.Section).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        if (hosting.SiloPort is < 1 or > 65535 || hosting.GatewayPort is < 1 or > 65535 || hosting.SiloPort == hosting.GatewayPort)
        {
            throw new InvalidOperationException(
                $"Orleans:SiloPort ({hosting.SiloPort}) and Orleans:GatewayPort ({hosting.GatewayPort}) must be different ports between 1 and 65535.");
        }

        if (hosting.ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Orleans:ShutdownTimeout is {hosting.ShutdownTimeout}; it must be positive.");
        }

        if (hosting.ShutdownDrainDelay < TimeSpan.Zero || hosting.ShutdownDrainDelay >= hosting.ShutdownTimeout)
        {
            throw new InvalidOperationException(
                $"Orleans:ShutdownDrainDelay is {hosting.ShutdownDrainDelay}; it must be at least zero and shorter than " +
                $"Orleans:ShutdownTimeout ({hosting.ShutdownTimeout}), which it is part of.");
        }

        return hosting;
    }

    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = ReadHosting(configuration);
        if (string.Equals(hosting.Mode, HostingModes.Embedded, StringComparison.OrdinalIgnoreCase))
        {
            ConfigureEmbedded(silo, configuration);
        }
        else if (string.Equals(hosting.Mode, HostingModes.Redis, StringComparison.OrdinalIgnoreCase))
        {
            ConfigureRedis(silo, configuration, hosting);
        }
        else
        {
            throw new InvalidOperationException($"Orleans:Mode is '{hosting.Mode}'; it must be '{HostingModes.Embedded}' or '{HostingModes.Redis}'.");
        }
    }

    public static void ConfigureEmbedded(ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = ReadHosting(configuration);
        var storage = configuration.GetSection(StateStorageOptions.Section).Get<StateStorageOptions>() ?? new StateStorageOptions();

        silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: hosting.ServiceId, clusterId: hosting.ClusterId);
        // Reminders live in memory: the start-up discovery registers every known collection's reminder again.
        silo.UseInMemoryReminderService();
        switch (storage.Provider.ToUpperInvariant())
        {
            case "FILE":
                silo.AddFileStateStorage(storage.Folder);
                break;
            case "MEMORY":
                silo.AddMemoryGrainStorage(StorageNames.State);
                break;
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider is '{storage.Provider}'; it must be 'File' (durable, the default) or 'Memory'.");
        }

        NameSilo(silo, hosting);
        silo.AddDashboard();
        TlsConfiguration.Apply(silo, configuration);
        silo.AddOrleansFailover(configuration);
    }

    /// <summary>Membership, reminders and grain state in Redis; backups on a folder every silo reaches (Backup:Folder).</summary>
    public static void ConfigureRedis(ISiloBuilder silo, IConfiguration configuration, SiloHostingOptions hosting)
    {
        var redis = ParseRedis(hosting.RedisConnectionString);
        if (string.IsNullOrWhiteSpace(configuration[$"{SecurityOptions.Section}:{nameof(SecurityOptions.ClusterKey)}"]))
        {
            throw new InvalidOperationException(
                "Orleans:Mode is Redis but Security:ClusterKey is not set: silos sign their calls to each other with it, and " +
                "every silo of the cluster needs the same one (from a Secret; openssl rand -hex 32).");
        }

        var advertised = ParseAdvertisedAddress(hosting.AdvertisedAddress);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = hosting.ClusterId;
            options.ServiceId = hosting.ServiceId;
        });
        silo.ConfigureEndpoints(advertised, hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: true);
        // Failure detection can be tuned (Orleans:Membership:ProbeTimeout, :NumMissedProbesLimit, …).
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{SiloHostingOptions.Section}:Membership"));
        silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Clone());
        silo.UseRedisReminderService(options => options.ConfigurationOptions = redis.Clone());
        silo.AddRedisGrainStorage(StorageNames.State, options => options.ConfigurationOptions = redis.Clone());
        NameSilo(silo, hosting);
        silo.AddDashboard();
        TlsConfiguration.Apply(silo, configuration);
        silo.AddOrleansFailover(configuration);
    }

    /// <summary>Parses a StackExchange.Redis connection string, with an error that says which setting is wrong.</summary>
    public static ConfigurationOptions ParseRedis(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Orleans:Mode is Redis but no Redis is configured: set Orleans:RedisConnectionString (or ORLEANS_REDIS), e.g. 'redis:6379'.");
        }

        if (connectionString.Contains("REPLACE-WITH", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "Orleans:RedisConnectionString holds the manifest's placeholder password: set the Redis password Secret to a random value.");
        }

        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            // A silo must start even if Redis is a moment late (it retries), and not give up on a brief Redis restart.
            options.AbortOnConnectFail = false;
            return options;
        }
        catch (ArgumentException error)
        {
            throw new InvalidOperationException($"Orleans:RedisConnectionString is not a valid Redis connection string: {error.Message}");
        }
    }

    private static IPAddress ParseAdvertisedAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(address, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Orleans:AdvertisedAddress (POD_IP) is '{address}'; it must be an IP address.");
    }

    private static void NameSilo(ISiloBuilder silo, SiloHostingOptions hosting)
    {
        if (!string.IsNullOrWhiteSpace(hosting.SiloName))
        {
            silo.Configure<SiloOptions>(options => options.SiloName = hosting.SiloName);
        }
    }
}
