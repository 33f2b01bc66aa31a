using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores;

/// <summary>Checks of request shape that do not depend on a collection, shared by both stores.</summary>
public static class RequestChecks
{
    public static void EnsureSearch(string collection, SearchRequest request)
    {
        if (request?.Query is null)
        {
            throw VectorStoreException.InvalidArgument($"Search in collection '{collection}' has no query.");
        }

        if (request.Limit is < 1 or > SearchRequest.MaxLimit)
        {
            throw VectorStoreException.InvalidArgument(
                $"Search limit {request.Limit} is out of range; it must be between 1 and {SearchRequest.MaxLimit}.");
        }

        if (request.Query.CandidateLimit is < 0 or > SearchRequest.MaxLimit)
        {
            throw VectorStoreException.InvalidArgument(
                $"Hybrid candidate limit {request.Query.CandidateLimit} is out of range; it must be between 0 and {SearchRequest.MaxLimit}.");
        }

        if (request.ScoreThreshold is { } threshold && !float.IsFinite(threshold))
        {
            throw VectorStoreException.InvalidArgument($"Score threshold {threshold} is not a finite number.");
        }

        var needsDense = request.Query.Kind is VectorQueryKind.Dense or VectorQueryKind.Hybrid;
        var needsSparse = request.Query.Kind is VectorQueryKind.Sparse or VectorQueryKind.Hybrid;
        if (needsDense && request.Query.DenseVector is null)
        {
            throw VectorStoreException.InvalidArgument($"Search in collection '{collection}' has no dense query vector.");
        }

        if (needsSparse && request.Query.SparseVector is null)
        {
            throw VectorStoreException.InvalidArgument($"Search in collection '{collection}' has no sparse query vector.");
        }
    }

    public static void EnsureScroll(ScrollRequest request)
    {
        if (request is null)
        {
            throw VectorStoreException.InvalidArgument("The scroll request is missing.");
        }

        if (request.Limit is < 1 or > ScrollRequest.MaxLimit)
        {
            throw VectorStoreException.InvalidArgument(
                $"Scroll limit {request.Limit} is out of range; it must be between 1 and {ScrollRequest.MaxLimit}.");
        }
    }

    public static void EnsureSchema(string collection, CollectionSchema schema)
    {
        var problem = schema is null ? "the schema is missing" : schema.FindProblem();
        if (problem is not null)
        {
            throw VectorStoreException.InvalidArgument($"Cannot create collection '{collection}': {problem}.");
        }
    }
}
