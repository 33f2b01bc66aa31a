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
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.ResourceExhausted =>
                new VectorStoreException(VectorStoreErrorKind.Unavailable, $"Qdrant is unavailable ({target}): {detail}", rpc),
            _ => new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant failed {target}: {rpc.StatusCode} {detail}", rpc),
        };
    }
}
