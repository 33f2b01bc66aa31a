using System.Text.Json;
using OrleansFailover.Backups.Format;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Walks the JSON of a backup (v1.0, v2.0 or ours) token by token and hands what it finds to a visitor.
/// Structure it cannot walk ends the read with a <see cref="BackupFormatException"/>; content that is merely
/// wrong (a bad id, a vector of the wrong type) becomes a problem and the walk goes on.
/// </summary>
internal sealed class BackupParser(IBackupVisitor visitor, BackupLimits limits)
{
    private readonly VectorDecoder _vectors = new(limits);

    public void ParseFile(ref JsonStreamReader json)
    {
        if (!json.Read())
        {
            Report("file", "the file is empty");
            return;
        }

        if (json.TokenType != JsonTokenType.StartObject)
        {
            Report("file", $"a backup is a JSON object, but the file starts with {Describe(json.TokenType)}");
            return;
        }

        bool sawVersion = false, sawMetadata = false, sawCollections = false;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            json.Read();
            switch (name)
            {
                case "version":
                    sawVersion = true;
                    if (json.TokenType == JsonTokenType.String)
                    {
                        visitor.OnVersion(json.GetString());
                    }
                    else
                    {
                        Report("version", $"must be a string, found {Describe(json.TokenType)}");
                        json.SkipValue();
                    }

                    break;
                case "metadata":
                    sawMetadata = true;
                    if (json.TokenType == JsonTokenType.StartObject)
                    {
                        visitor.OnFileMetadata(PayloadJson.ReadObject(ref json));
                    }
                    else
                    {
                        Report("metadata", $"must be an object, found {Describe(json.TokenType)}");
                        json.SkipValue();
                    }

                    break;
                case "collections":
                    sawCollections = true;
                    if (json.TokenType == JsonTokenType.StartObject)
                    {
                        ParseCollections(ref json);
                    }
                    else
                    {
                        Report("collections", $"must be an object, found {Describe(json.TokenType)}");
                        json.SkipValue();
                    }

                    break;
                case "checksum":
                    if (json.TokenType == JsonTokenType.String)
                    {
                        visitor.OnChecksumField(json.GetString());
                    }
                    else
                    {
                        Report("checksum", "must be a string");
                        json.SkipValue();
                    }

                    break;
                default:
                    json.SkipValue();
                    break;
            }
        }

        if (json.TokenType != JsonTokenType.EndObject)
        {
            throw new BackupFormatException($"byte {json.TokenPosition}", "the file ends before its top-level object is closed (truncated?)");
        }

        if (json.Read())
        {
            throw new BackupFormatException($"byte {json.TokenPosition}", "there is more content after the top-level object");
        }

        if (!sawVersion)
        {
            Report("file", "the required top-level field 'version' is missing");
        }

        if (!sawMetadata)
        {
            Report("file", "the required top-level field 'metadata' is missing");
        }

        if (!sawCollections)
        {
            Report("file", "the required top-level field 'collections' is missing");
        }
    }

    private void ParseCollections(ref JsonStreamReader json)
    {
        var count = 0;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            json.Read();
            if (++count > limits.MaxCollections)
            {
                throw new BackupFormatException("collections", $"more than {limits.MaxCollections} collections");
            }

            if (json.TokenType != JsonTokenType.StartObject)
            {
                Report(Locations.Collection(name), $"a collection must be an object, found {Describe(json.TokenType)}");
                json.SkipValue();
                continue;
            }

            ParseCollection(ref json, name);
        }
    }

    private void ParseCollection(ref JsonStreamReader json, string name)
    {
        visitor.OnCollectionStart(name);
        var config = new ConfigAccumulator();
        var announced = false;
        long? pointsInFile = null;
        List<(long Index, VectorPoint Point)>? pending = null;

        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var property = json.GetString();
            json.Read();
            switch (property)
            {
                case "metadata" when json.TokenType == JsonTokenType.StartObject:
                    visitor.OnCollectionMetadata(name, PayloadJson.ReadObject(ref json));
                    break;
                case "vectors_config" or "sparse_vectors_config" or "config":
                    if (announced)
                    {
                        Report(Locations.Collection(name), $"'{property}' comes after the points; the config must come first");
                        json.SkipValue();
                        break;
                    }

                    ReadConfig(ref json, name, property, config);
                    break;
                case "points" when json.TokenType == JsonTokenType.StartArray:
                    if (!announced && config.SawAny)
                    {
                        visitor.OnCollectionConfig(name, config.Build(name, this));
                        announced = true;
                    }

                    pointsInFile = (pointsInFile ?? 0) + ReadPoints(ref json, name, announced, ref pending);
                    break;
                case "points":
                    Report(Locations.Collection(name), $"'points' must be an array, found {Describe(json.TokenType)}");
                    json.SkipValue();
                    break;
                default:
                    json.SkipValue();
                    break;
            }
        }

        if (!announced)
        {
            visitor.OnCollectionConfig(name, config.SawAny ? config.Build(name, this) : null);
            foreach (var (index, point) in pending ?? [])
            {
                visitor.OnPoint(name, index, point);
            }
        }

        visitor.OnCollectionEnd(name, pointsInFile);
    }

    private long ReadPoints(
        ref JsonStreamReader json, string collection, bool deliver, ref List<(long Index, VectorPoint Point)>? pending)
    {
        long index = 0;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (index >= limits.MaxPointsPerCollection)
            {
                throw new BackupFormatException(
                    Locations.Collection(collection), $"more than {limits.MaxPointsPerCollection} points");
            }

            var point = ReadPoint(ref json, collection, index);
            if (point is not null)
            {
                if (deliver)
                {
                    visitor.OnPoint(collection, index, point);
                }
                else
                {
                    pending ??= [];
                    if (pending.Count >= limits.MaxPointsBeforeConfig)
                    {
                        throw new BackupFormatException(Locations.Collection(collection),
                            $"more than {limits.MaxPointsBeforeConfig} points come before the collection's config");
                    }

                    pending.Add((index, point));
                }
            }

            index++;
        }

        return index;
    }

    private VectorPoint? ReadPoint(ref JsonStreamReader json, string collection, long index) =>
        ReadPoint(ref json, Locations.Point(collection, index));

    /// <summary>Reads the point whose first token is current; problems are located under <paramref name="location"/>.</summary>
    internal VectorPoint? ReadPoint(ref JsonStreamReader json, string location)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            Report(location, $"a point must be an object, found {Describe(json.TokenType)}");
            json.SkipValue();
            return null;
        }

        PointId? id = null;
        var valid = true;
        var sawId = false;
        Dictionary<string, float[]>? dense = null;
        Dictionary<string, SparseVector>? sparse = null;
        IReadOnlyDictionary<string, PayloadValue>? payload = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var property = json.ValueTextEquals("id"u8) ? "id"
                : json.ValueTextEquals("vector"u8) || json.ValueTextEquals("vectors"u8) ? "vector"
                : json.ValueTextEquals("payload"u8) ? "payload"
                : null;
            json.Read();
            switch (property)
            {
                case "id":
                    sawId = true;
                    id = ReadId(ref json, location);
                    valid &= id is not null;
                    break;
                case "vector":
                    valid &= ReadVectors(ref json, location, ref dense, ref sparse);
                    break;
                case "payload" when json.TokenType == JsonTokenType.StartObject:
                    payload = PayloadJson.ReadObject(ref json);
                    break;
                case "payload" when json.TokenType == JsonTokenType.Null:
                    break;
                case "payload":
                    Report($"{location}.payload", $"must be an object, found {Describe(json.TokenType)}");
                    json.SkipValue();
                    valid = false;
                    break;
                default:
                    json.SkipValue();
                    break;
            }
        }

        if (!sawId)
        {
            Report(location, "the point has no id");
            return null;
        }

        return valid && id is { } pointId
            ? new VectorPoint
            {
                Id = pointId,
                Dense = dense ?? VectorPoint.NoDense,
                Sparse = sparse ?? VectorPoint.NoSparse,
                Payload = payload ?? Payloads.Empty,
            }
            : null;
    }

    private PointId? ReadId(ref JsonStreamReader json, string pointLocation)
    {
        var location = $"{pointLocation}.id";
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                var text = json.GetString();
                if (PointId.TryParseUuid(text, out var uuid))
                {
                    return PointId.FromUuid(uuid);
                }

                Report(location, $"'{Shorten(text)}' is not a UUID (32 hex digits, with or without dashes)");
                return null;
            case JsonTokenType.Number:
                if (json.TryGetUInt64(out var number))
                {
                    return PointId.FromNumber(number);
                }

                Report(location, $"{Shorten(System.Text.Encoding.UTF8.GetString(json.ValueSpan))} is not an unsigned 64-bit integer");
                return null;
            default:
                Report(location, $"must be a UUID string or an unsigned integer, found {Describe(json.TokenType)}");
                json.SkipValue();
                return null;
        }
    }

    private bool ReadVectors(
        ref JsonStreamReader json,
        string pointLocation,
        ref Dictionary<string, float[]>? dense,
        ref Dictionary<string, SparseVector>? sparse)
    {
        var location = $"{pointLocation}.vector";
        switch (json.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.StartArray or JsonTokenType.String:
                // Qdrant's unnamed default vector, written bare.
                var unnamed = _vectors.ReadDense(ref json, location, out var unnamedProblem);
                if (unnamed is null)
                {
                    Report(location, unnamedProblem!);
                    return false;
                }

                dense ??= new Dictionary<string, float[]>(StringComparer.Ordinal);
                dense[string.Empty] = unnamed;
                return true;
            case JsonTokenType.StartObject:
                var valid = true;
                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    var name = json.GetString();
                    json.Read();
                    var vectorLocation = $"{location}.{name}";
                    string? problem;
                    if (json.TokenType == JsonTokenType.StartObject)
                    {
                        var vector = _vectors.ReadSparse(ref json, vectorLocation, out problem);
                        if (vector is not null)
                        {
                            sparse ??= new Dictionary<string, SparseVector>(StringComparer.Ordinal);
                            sparse[name] = vector;
                            continue;
                        }
                    }
                    else if (json.TokenType is JsonTokenType.StartArray or JsonTokenType.String)
                    {
                        var vector = _vectors.ReadDense(ref json, vectorLocation, out problem);
                        if (vector is not null)
                        {
                            dense ??= new Dictionary<string, float[]>(StringComparer.Ordinal);
                            dense[name] = vector;
                            continue;
                        }
                    }
                    else if (json.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }
                    else
                    {
                        problem = $"a vector must be an array, a base64 string or a sparse object, found {Describe(json.TokenType)}";
                        json.SkipValue();
                    }

                    Report(vectorLocation, problem!);
                    valid = false;
                }

                return valid;
            default:
                Report(location, $"must be an object of named vectors, found {Describe(json.TokenType)}");
                json.SkipValue();
                return false;
        }
    }

    private void ReadConfig(ref JsonStreamReader json, string collection, string property, ConfigAccumulator config)
    {
        var location = $"{Locations.Collection(collection)}.{property}";
        if (json.TokenType != JsonTokenType.StartObject)
        {
            Report(location, $"must be an object, found {Describe(json.TokenType)}");
            json.SkipValue();
            return;
        }

        if (property == "config")
        {
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var inner = json.GetString();
                json.Read();
                if (inner is "vectors_config" or "sparse_vectors_config")
                {
                    ReadConfig(ref json, collection, inner, config);
                }
                else
                {
                    json.SkipValue();
                }
            }

            return;
        }

        var settings = PayloadJson.ReadObject(ref json);
        if (property == "vectors_config")
        {
            config.AddDense(settings, location, this);
        }
        else
        {
            config.AddSparse(settings);
        }
    }

    internal void Report(string location, string message) => visitor.OnProblem(new BackupProblem(location, message));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 48 ? text : text[..48] + "...";

    /// <summary>Collects a collection's vector config from either layout (v1.0's or the nested "config").</summary>
    private sealed class ConfigAccumulator
    {
        private readonly List<DenseVectorConfig> _dense = [];
        private readonly List<SparseVectorConfig> _sparse = [];

        public bool SawAny { get; private set; }

        public void AddDense(IReadOnlyDictionary<string, PayloadValue> settings, string location, BackupParser parser)
        {
            SawAny = true;
            // Qdrant's single unnamed vector is written as the params themselves: {"size": 768, "distance": "Cosine"}.
            if (settings.TryGetValue("size", out var size) && size.Kind == PayloadKind.Integer)
            {
                Add(string.Empty, settings, location, parser);
                return;
            }

            foreach (var (name, value) in settings)
            {
                if (value.Kind != PayloadKind.Object)
                {
                    parser.Report($"{location}.{name}", "must be an object with 'size' and 'distance'");
                    continue;
                }

                Add(name, value.AsObject, $"{location}.{name}", parser);
            }
        }

        public void AddSparse(IReadOnlyDictionary<string, PayloadValue> settings)
        {
            SawAny = true;
            _sparse.AddRange(settings.Keys.Select(name => new SparseVectorConfig(name)));
        }

        public CollectionSchema Build(string collection, BackupParser parser)
        {
            var schema = new CollectionSchema { Dense = _dense.ToArray(), Sparse = _sparse.ToArray() };
            var problem = schema.FindProblem();
            if (problem is not null)
            {
                parser.Report(Locations.Collection(collection), $"the vector config is not usable: {problem}");
            }

            return schema;
        }

        private void Add(string name, IReadOnlyDictionary<string, PayloadValue> settings, string location, BackupParser parser)
        {
            if (!settings.TryGetValue("size", out var size) || size.Kind != PayloadKind.Integer ||
                size.AsInteger is < 1 or > CollectionSchema.MaxDimensions)
            {
                parser.Report(location, $"'size' must be an integer from 1 to {CollectionSchema.MaxDimensions}");
                return;
            }

            var distance = Distance.Cosine;
            if (settings.TryGetValue("distance", out var distanceValue))
            {
                if (distanceValue.Kind != PayloadKind.String || !DistanceNames.TryParse(distanceValue.AsString, out distance))
                {
                    parser.Report(location, $"unknown distance {distanceValue}; expected Cosine, Dot, Euclid or Manhattan");
                    return;
                }
            }

            _dense.Add(new DenseVectorConfig(name, (int)size.AsInteger, distance));
        }
    }
}
