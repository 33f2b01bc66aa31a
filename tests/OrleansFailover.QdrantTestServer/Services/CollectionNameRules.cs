namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>Qdrant's checks on a collection name.</summary>
public static class CollectionNameRules
{
    private const string Forbidden = "<>:\"/\\|?*";

    public static void EnsureValid(string name)
    {
        if (string.IsNullOrEmpty(name) || System.Text.Encoding.UTF8.GetByteCount(name) > 255)
        {
            throw QdrantErrors.Validation("collection_name: length must be between 1 and 255");
        }

        var bad = name.FirstOrDefault(c => Forbidden.Contains(c) || char.IsControl(c));
        if (bad != default)
        {
            throw QdrantErrors.Validation($"collection_name: collection name cannot contain \"{bad}\" char");
        }
    }
}
