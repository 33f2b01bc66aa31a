using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using OrleansFailover.Grains.Grains;
using OrleansFailover.Grains.Hosting;

namespace OrleansFailover.Silo;

/// <summary>The embedded hosting mode: one silo on localhost, reminders in memory, grain state in files.</summary>
public static class SiloConfiguration
{
    public static void ConfigureEmbedded(ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = configuration.GetSection(SiloHostingOptions.Section).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        var storage = configuration.GetSection(StateStorageOptions.Section).Get<StateStorageOptions>() ?? new StateStorageOptions();
        ValidatePorts(hosting);

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

        silo.AddOrleansFailover(configuration);
    }

    private static void ValidatePorts(SiloHostingOptions hosting)
    {
        if (hosting.SiloPort is < 1 or > 65535 || hosting.GatewayPort is < 1 or > 65535 || hosting.SiloPort == hosting.GatewayPort)
        {
            throw new InvalidOperationException(
                $"Orleans:SiloPort ({hosting.SiloPort}) and Orleans:GatewayPort ({hosting.GatewayPort}) must be different ports between 1 and 65535.");
        }
    }
}
