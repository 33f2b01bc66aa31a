namespace OrleansFailover.Contracts.Serialization;

/// <summary>Tells Orleans to serialize <see cref="VectorPoint"/> as a <see cref="VectorPointWire"/>.</summary>
[RegisterConverter]
public sealed class VectorPointConverter : IConverter<VectorPoint, VectorPointWire>
{
    public VectorPoint ConvertFromSurrogate(in VectorPointWire surrogate) => surrogate.ToPoint();

    public VectorPointWire ConvertToSurrogate(in VectorPoint value) => VectorPointWire.From(value);
}
