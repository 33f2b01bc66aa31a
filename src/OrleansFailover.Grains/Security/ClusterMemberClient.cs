using Microsoft.Extensions.DependencyInjection;

namespace OrleansFailover.Grains.Security;

public static class ClusterMemberClientExtensions
{
    /// <summary>
    /// Makes an Orleans client sign its calls with the cluster key, as silos do: it may then call the internal grains.
    /// For tools and tests that run inside the cluster's trust boundary (they hold its secret); never for indexers.
    /// </summary>
    public static IClientBuilder SignCallsAsClusterMember(this IClientBuilder client, string clusterKey)
    {
        client.Services.AddSingleton(ClusterCallSignature.From(clusterKey));
        client.Services.AddSingleton<IOutgoingGrainCallFilter, ClusterCallSigningFilter>();
        return client;
    }
}
