using Grpc.Core;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>The errors Qdrant answers with, worded as Qdrant words them.</summary>
public static class QdrantErrors
{
    public static RpcException CollectionNotFound(string name) =>
        new(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));

    public static RpcException CollectionExists(string name) =>
        new(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{name}` already exists!"));

    public static RpcException WrongInput(string message) =>
        new(new Status(StatusCode.InvalidArgument, $"Wrong input: {message}"));

    public static RpcException Validation(string message) =>
        new(new Status(StatusCode.InvalidArgument, $"Validation error in body: [{message}]"));
}
