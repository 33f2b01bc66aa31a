namespace OrleansFailover.Contracts;

/// <summary>The JSON type of a payload value. Integers and doubles are distinct, as in Qdrant.</summary>
public enum PayloadKind
{
    Null = 0,
    Bool = 1,
    Integer = 2,
    Double = 3,
    String = 4,
    Array = 5,
    Object = 6,
}
