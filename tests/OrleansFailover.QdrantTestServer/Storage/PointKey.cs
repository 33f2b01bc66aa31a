using System.Buffers.Binary;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>
/// A point id as the server keys it: integers first (ascending), then UUIDs by their RFC 4122 bytes,
/// which is the order Qdrant scrolls in.
/// </summary>
public readonly record struct PointKey(bool IsUuid, ulong High, ulong Low) : IComparable<PointKey>
{
    public static PointKey From(PointId id)
    {
        switch (id?.PointIdOptionsCase)
        {
            case PointId.PointIdOptionsOneofCase.Num:
                return new PointKey(false, id.Num, 0);
            case PointId.PointIdOptionsOneofCase.Uuid when Guid.TryParse(id.Uuid, out var uuid):
                Span<byte> bytes = stackalloc byte[16];
                uuid.TryWriteBytes(bytes, bigEndian: true, out _);
                return new PointKey(true, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
            case PointId.PointIdOptionsOneofCase.Uuid:
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"Unable to parse UUID: {id.Uuid}"));
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Validation error: point id is missing"));
        }
    }

    public PointId ToGrpc()
    {
        if (!IsUuid)
        {
            return new PointId { Num = High };
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return new PointId { Uuid = new Guid(bytes, bigEndian: true).ToString("D") };
    }

    public int CompareTo(PointKey other) =>
        IsUuid != other.IsUuid ? (IsUuid ? 1 : -1)
        : High != other.High ? High.CompareTo(other.High)
        : Low.CompareTo(other.Low);
}
