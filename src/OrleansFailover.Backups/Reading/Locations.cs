using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>How problems name the place they were found, e.g. <c>collections["docs"].points[17].vector.dense</c>.</summary>
internal static class Locations
{
    public static string Collection(string collection) => $"collections[\"{CollectionNames.Printable(collection)}\"]";

    public static string Point(string collection, long index) => $"{Collection(collection)}.points[{index}]";
}
