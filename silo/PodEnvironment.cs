using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace OrleansFailover.Silo;

/// <summary>
/// The variables Kubernetes (the downward API) and operators set, mapped onto configuration keys: POD_NAME, POD_IP,
/// ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID, ORLEANS_REDIS. They apply unless the same key is set explicitly
/// (Orleans__ClusterId and friends win).
/// </summary>
public static class PodEnvironment
{
    private static readonly (string Variable, string Key)[] Mappings =
    [
        ("POD_NAME", "Orleans:SiloName"),
        ("POD_IP", "Orleans:AdvertisedAddress"),
        ("ORLEANS_CLUSTER_ID", "Orleans:ClusterId"),
        ("ORLEANS_SERVICE_ID", "Orleans:ServiceId"),
        ("ORLEANS_REDIS", "Orleans:RedisConnectionString"),
    ];

    public static IDictionary<string, string?> Read(Func<string, string?> variable)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Mappings)
        {
            if (variable(name) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return values;
    }

    /// <summary>Adds the pod's variables right after the settings files: they override appsettings.json, and
    /// environment variables and arguments (which come later) override them.</summary>
    public static void AddBelowExplicitSettings(IConfigurationManager configuration, Func<string, string?>? variable = null)
    {
        var pod = new MemoryConfigurationSource { InitialData = Read(variable ?? Environment.GetEnvironmentVariable) };
        var lastFile = configuration.Sources
            .Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is FileConfigurationSource);
        configuration.Sources.Insert(lastFile.source is null ? 0 : lastFile.index + 1, pod);
    }
}
