using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// How a <see cref="VectorPoint"/> crosses the wire between clients and silos: one length-prefixed field in
/// <see cref="PointBinary"/> form, its vectors copied as blocks. Upserts through the service spend their time
/// here, so a point is one field, not one per vector, number or payload value.
/// </summary>
[RegisterSerializer]
public sealed class VectorPointCodec : IFieldCodec<VectorPoint>
{
    /// <summary>Larger than any point a store accepts (a 65,536-dimension vector is 256 KiB), far below what would hurt.</summary>
    private const int MaxPointBytes = 64 * 1024 * 1024;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, [AllowNull] VectorPoint value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(VectorPoint), WireType.LengthPrefixed);
        var size = PointBinary.Measure(value);
        writer.WriteVarUInt32((uint)size);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            PointBinary.Write(value, buffer.AsSpan(0, size));
            writer.Write(buffer.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [return: MaybeNull]
    public VectorPoint ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<VectorPoint, TInput>(ref reader, field);
        }

        field.EnsureWireType(WireType.LengthPrefixed);
        var size = reader.ReadVarUInt32();
        if (size > MaxPointBytes)
        {
            throw new InvalidDataException($"A serialized point claims {size} bytes, more than the limit of {MaxPointBytes}.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            var bytes = buffer.AsSpan(0, (int)size);
            reader.ReadBytes(bytes);
            var point = PointBinary.Read(bytes);
            ReferenceCodec.RecordObject(reader.Session, point);
            return point;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
