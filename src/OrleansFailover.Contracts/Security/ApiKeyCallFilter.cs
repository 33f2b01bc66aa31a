using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace OrleansFailover.Contracts.Security;

/// <summary>
/// A client's credential: every call the client makes carries its API key in the request context, where the silo
/// checks it (the key travels with each call, as Qdrant's <c>api-key</c> header does). Use TLS beyond a trusted network.
/// </summary>
public sealed class ApiKeyCallFilter(string apiKey) : IOutgoingGrainCallFilter
{
    /// <summary>The request-context entry that carries the key.</summary>
    public const string ContextEntry = "orleansfailover-api-key";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // Set inside this async method: the entry is this call's, not left behind in the caller's context.
        RequestContext.Set(ContextEntry, apiKey);
        await context.Invoke();
    }
}

public static class ApiKeyClientBuilderExtensions
{
    /// <summary>Sends <paramref name="apiKey"/> with every call of this client; none (null or empty): calls carry no key.</summary>
    public static IClientBuilder UseApiKey(this IClientBuilder client, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.Services.AddSingleton<IOutgoingGrainCallFilter>(new ApiKeyCallFilter(apiKey));
        }

        return client;
    }
}
