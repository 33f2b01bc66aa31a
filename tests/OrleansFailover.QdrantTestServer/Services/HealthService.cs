using Grpc.Core;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>qdrant.Qdrant: the health check.</summary>
public sealed class HealthService
{
    public const string Version = "1.17.0";

    public Task<HealthCheckReply> HealthCheck(HealthCheckRequest request, ServerCallContext context) =>
        Task.FromResult(new HealthCheckReply { Title = "qdrant - vector search engine", Version = Version });
}
