using System.Net.Http;
using System.Net.Sockets;
using global::Grpc.Core;
using global::Qdrant.Client;
using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>Turns what the gRPC stack throws into a <see cref="VectorStoreException"/> of the right kind.</summary>
internal static class QdrantErrorTranslator
{
    public static VectorStoreException Translate(Exception exception, string operation, string? collection)
    {
        var target = collection is null ? operation : $"{operation} on collection '{collection}'";
        return exception switch
        {
            VectorStoreException known => known,
            RpcException rpc => FromStatus(rpc, target, collection),
            HttpRequestException or SocketException or IOException => new VectorStoreException(
                VectorStoreErrorKind.Unavailable, $"Qdrant is unreachable ({target}): {exception.Message}", exception),
            QdrantException => new VectorStoreException(
                VectorStoreErrorKind.Internal, $"Qdrant refused {target}: {exception.Message}", exception),
            _ => new VectorStoreException(
                VectorStoreErrorKind.Internal, $"Qdrant call failed ({target}): {exception.Message}", exception),
        };
    }

    private static VectorStoreException FromStatus(RpcException rpc, string target, string? collection)
    {
        var detail = string.IsNullOrWhiteSpace(rpc.Status.Detail) ? rpc.StatusCode.ToString() : rpc.Status.Detail;
        return rpc.StatusCode switch
        {
            StatusCode.NotFound when collection is not null => new VectorStoreException(
                VectorStoreErrorKind.CollectionNotFound, $"Collection '{collection}' does not exist ({detail}).", rpc),
            StatusCode.AlreadyExists => new VectorStoreException(
                VectorStoreErrorKind.CollectionAlreadyExists, $"Collection '{collection}' already exists ({detail}).", rpc),
            StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => new VectorStoreException(
                VectorStoreErrorKind.InvalidArgument, $"Qdrant rejected {target}: {detail}", rpc),
            // Too large (or too many at once) for Qdrant or for the gRPC channel: the request's fault, not Qdrant's health.
            StatusCode.ResourceExhausted => new VectorStoreException(
                VectorStoreErrorKind.InvalidArgument, $"The request was refused as too large ({target}): {detail}", rpc),
            // Past its deadline: a hung Qdrant, or one request that takes too long; whether it counts is for a probe to say.
            StatusCode.DeadlineExceeded or StatusCode.Cancelled => new VectorStoreException(
                VectorStoreErrorKind.Timeout, $"Qdrant did not answer in time ({target}): {detail}; the call may or may not have been applied", rpc),
            StatusCode.Unavailable => new VectorStoreException(VectorStoreErrorKind.Unavailable, $"Qdrant is unavailable ({target}): {detail}", rpc),
            _ => new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant failed {target}: {rpc.StatusCode} {detail}", rpc),
        };
    }
}
