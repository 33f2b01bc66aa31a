using Google.Protobuf;
using System.Diagnostics;
using Grpc.Core;
using OrleansFailover.QdrantTestServer.Binding;
using OrleansFailover.QdrantTestServer.Engine;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>qdrant.Points: upsert, delete, get, scroll, count, query, search.</summary>
public sealed class PointsService(ServerStorage storage)
{
    public Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        // Every point is checked before any is written: a batch with a bad point changes nothing.
        var prepared = request.Points.Select((point, index) => PointPreparation.Prepare(collection.Config, point, index)).ToList();
        lock (collection.Gate)
        {
            foreach (var point in prepared)
            {
                collection.Put(point);
            }
        }

        return Task.FromResult(Completed(started));
    }

    public Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        lock (collection.Gate)
        {
            var keys = request.Points?.PointsSelectorOneOfCase switch
            {
                PointsSelector.PointsSelectorOneOfOneofCase.Points => request.Points.Points.Ids.Select(PointKey.From).ToList(),
                PointsSelector.PointsSelectorOneOfOneofCase.Filter => collection.Points
                    .Where(p => FilterMatcher.Matches(request.Points.Filter, p)).Select(p => p.Key).ToList(),
                _ => throw QdrantErrors.Validation("points: a points selector is required"),
            };

            // Deleting ids that are not there is not an error.
            foreach (var key in keys)
            {
                collection.Remove(key);
            }
        }

        return Task.FromResult(Completed(started));
    }

    public Task<GetResponse> Get(GetPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        var response = new GetResponse();
        lock (collection.Gate)
        {
            foreach (var key in request.Ids.Select(PointKey.From).Distinct())
            {
                if (collection.TryGet(key, out var point))
                {
                    response.Result.Add(PointRendering.Retrieved(
                        collection, point, request.WithPayload, request.WithVectors, defaultPayload: true));
                }
            }
        }

        response.Time = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Task.FromResult(response);
    }

    /// <summary>
    /// Answers already encoded: a full sync scrolls every point with everything, and re-serializing the same
    /// points for every sync would make this server, not the client under test, the cost being measured.
    /// </summary>
    public Task<EncodedMessage> Scroll(ScrollPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        if (request.OrderBy is not null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "The Qdrant test server does not implement order_by."));
        }

        var limit = request.HasLimit ? (int)request.Limit : SearchEngine.DefaultLimit;
        if (limit < 1)
        {
            throw QdrantErrors.Validation("limit: value 0 invalid, must be 1 or more");
        }

        var response = new WireEncoder();
        lock (collection.Gate)
        {
            // Offsets are inclusive: the page starts at the offset id itself.
            var start = request.Offset is null ? (PointKey?)null : PointKey.From(request.Offset);
            var count = 0;
            foreach (var point in collection.From(start).Where(p => FilterMatcher.Matches(request.Filter, p)))
            {
                if (count == limit)
                {
                    response.AddMessage(ScrollResponse.NextPageOffsetFieldNumber, point.Key.ToGrpc().ToByteArray());
                    break;
                }

                response.AddMessage(ScrollResponse.ResultFieldNumber, PointRendering.RetrievedBytes(
                    collection, point, request.WithPayload, request.WithVectors, defaultPayload: true));
                count++;
            }
        }

        response.AddDouble(ScrollResponse.TimeFieldNumber, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return Task.FromResult(response.Build());
    }

    public Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        ulong count;
        lock (collection.Gate)
        {
            count = (ulong)collection.Points.Count(p => FilterMatcher.Matches(request.Filter, p));
        }

        return Task.FromResult(new CountResponse
        {
            Result = new CountResult { Count = count },
            Time = Stopwatch.GetElapsedTime(started).TotalSeconds,
        });
    }

    public Task<SearchResponse> Search(SearchPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        var query = request.SparseIndices is { } sparseIndices
            ? SearchEngine.SparseQuery(request.VectorName ?? string.Empty, sparseIndices.Data, request.Vector)
            : new NearestQuery(request.VectorName ?? string.Empty, request.Vector.ToArray(), null, null);
        var hits = SearchEngine.Nearest(
            collection,
            query,
            p => FilterMatcher.Matches(request.Filter, p),
            request.HasScoreThreshold ? request.ScoreThreshold : null,
            CheckLimit(request.Limit),
            (int)request.Offset);
        var response = new SearchResponse();
        response.Result.AddRange(hits.Select(h =>
            PointRendering.Scored(collection, h.Point, h.Score, request.WithPayload, request.WithVectors)));
        response.Time = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Task.FromResult(response);
    }

    public Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        var limit = request.HasLimit ? CheckLimit(request.Limit) : SearchEngine.DefaultLimit;
        var hits = QueryPipeline.Run(
            collection,
            request.Prefetch,
            request.Query,
            request.Using ?? string.Empty,
            request.Filter,
            request.HasScoreThreshold ? request.ScoreThreshold : null,
            limit,
            (int)request.Offset);
        var response = new QueryResponse();
        response.Result.AddRange(hits.Select(h =>
            PointRendering.Scored(collection, h.Point, h.Score, request.WithPayload, request.WithVectors)));
        response.Time = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Task.FromResult(response);
    }

    private static int CheckLimit(ulong limit) =>
        limit is >= 1 and <= int.MaxValue
            ? (int)limit
            : throw QdrantErrors.Validation($"limit: value {limit} invalid, must be 1 or more");

    private static PointsOperationResponse Completed(long started) => new()
    {
        Result = new UpdateResult { OperationId = 0, Status = UpdateStatus.Completed },
        Time = Stopwatch.GetElapsedTime(started).TotalSeconds,
    };

    private ServerCollection Find(string name)
    {
        CollectionNameRules.EnsureValid(name);
        return storage.Collections.TryGetValue(name, out var collection)
            ? collection
            : throw QdrantErrors.CollectionNotFound(name);
    }
}
