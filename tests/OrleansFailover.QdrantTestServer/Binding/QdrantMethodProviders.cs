using Grpc.AspNetCore.Server.Model;
using OrleansFailover.QdrantTestServer.Services;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Binding;

/// <summary>qdrant.Qdrant, bound without generated server stubs (Qdrant.Client ships client stubs only).</summary>
public sealed class HealthMethodProvider : IServiceMethodProvider<HealthService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<HealthService> context) =>
        new UnaryBinder<HealthService>(context, "qdrant.Qdrant")
            .Bind("HealthCheck", HealthCheckRequest.Parser, HealthCheckReply.Parser, (s, r, c) => s.HealthCheck(r, c));
}

/// <summary>qdrant.Collections.</summary>
public sealed class CollectionsMethodProvider : IServiceMethodProvider<CollectionsService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<CollectionsService> context) =>
        new UnaryBinder<CollectionsService>(context, "qdrant.Collections")
            .Bind("Create", CreateCollection.Parser, CollectionOperationResponse.Parser, (s, r, c) => s.Create(r, c))
            .Bind("Get", GetCollectionInfoRequest.Parser, GetCollectionInfoResponse.Parser, (s, r, c) => s.Get(r, c))
            .Bind("List", ListCollectionsRequest.Parser, ListCollectionsResponse.Parser, (s, r, c) => s.List(r, c))
            .Bind("Delete", DeleteCollection.Parser, CollectionOperationResponse.Parser, (s, r, c) => s.Delete(r, c))
            .Bind("CollectionExists", CollectionExistsRequest.Parser, CollectionExistsResponse.Parser,
                (s, r, c) => s.CollectionExists(r, c));
}

/// <summary>qdrant.Points.</summary>
public sealed class PointsMethodProvider : IServiceMethodProvider<PointsService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<PointsService> context) =>
        new UnaryBinder<PointsService>(context, "qdrant.Points")
            .Bind("Upsert", UpsertPoints.Parser, PointsOperationResponse.Parser, (s, r, c) => s.Upsert(r, c))
            .Bind("Delete", DeletePoints.Parser, PointsOperationResponse.Parser, (s, r, c) => s.Delete(r, c))
            .Bind("Get", GetPoints.Parser, GetResponse.Parser, (s, r, c) => s.Get(r, c))
            .BindEncoded("Scroll", ScrollPoints.Parser, (s, r, c) => s.Scroll(r, c))
            .Bind("Count", CountPoints.Parser, CountResponse.Parser, (s, r, c) => s.Count(r, c))
            .Bind("Search", SearchPoints.Parser, SearchResponse.Parser, (s, r, c) => s.Search(r, c))
            .Bind("Query", QueryPoints.Parser, QueryResponse.Parser, (s, r, c) => s.Query(r, c));
}
