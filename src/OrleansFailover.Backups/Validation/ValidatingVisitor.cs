using OrleansFailover.Backups.Format;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Validation;

namespace OrleansFailover.Backups.Validation;

/// <summary>
/// Checks what the reader streams past: version, collection names, configs, every point against its
/// collection's config, duplicate ids, and the counts the metadata declares.
/// </summary>
internal sealed class ValidatingVisitor(BackupLimits limits) : IBackupVisitor
{
    private readonly List<BackupProblem> _problems = [];
    private readonly List<CollectionState> _collections = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, PayloadValue>? _fileMetadata;
    private CollectionState? _current;

    public string? Version { get; private set; }

    public string? ChecksumField { get; private set; }

    public int ProblemCount { get; private set; }

    public IReadOnlyList<BackupProblem> Problems => _problems;

    public void OnVersion(string version)
    {
        Version = version;
        if (!BackupVersions.IsKnown(version))
        {
            OnProblem(new BackupProblem("version", $"unknown version '{CollectionNames.Printable(version)}'; known versions are 1.0, 2.0 and 3.0"));
        }
    }

    public void OnFileMetadata(IReadOnlyDictionary<string, PayloadValue> metadata) => _fileMetadata = metadata;

    public void OnCollectionStart(string collection)
    {
        _current = new CollectionState(collection);
        _collections.Add(_current);
        var problem = CollectionNames.FindProblem(collection);
        if (problem is not null)
        {
            Report(Locations.Collection(collection), $"illegal collection name: {problem}");
        }

        if (!_names.Add(collection))
        {
            Report(Locations.Collection(collection), "the collection appears twice in the file");
        }
    }

    public void OnCollectionConfig(string collection, CollectionSchema? schema)
    {
        if (schema is null)
        {
            Report(Locations.Collection(collection), "the collection has no vector config ('vectors_config' / 'sparse_vectors_config')");
            return;
        }

        _current!.Schema = schema.FindProblem() is null ? schema : null;
    }

    public void OnPoint(string collection, long index, VectorPoint point)
    {
        var state = _current!;
        state.PointsFound++;
        if (state.Schema is { } schema && PointValidator.FindProblem(schema, point) is { } problem)
        {
            Report(Locations.Point(collection, index), problem);
        }

        if (!state.FirstIndexById.TryAdd(point.Id, index))
        {
            Report(Locations.Point(collection, index),
                $"duplicate id {point.Id} (first used by points[{state.FirstIndexById[point.Id]}])");
        }
    }

    public void OnCollectionMetadata(string collection, IReadOnlyDictionary<string, PayloadValue> metadata)
    {
        if (!metadata.TryGetValue("point_count", out var declared))
        {
            return;
        }

        if (declared.Kind == PayloadKind.Integer && declared.AsInteger >= 0)
        {
            _current!.PointsDeclared = declared.AsInteger;
        }
        else
        {
            Report($"{Locations.Collection(collection)}.metadata.point_count", $"must be a non-negative integer, found {declared}");
        }
    }

    public void OnCollectionEnd(string collection, long? pointsInFile)
    {
        var state = _current!;
        state.PointsInFile = pointsInFile ?? 0;
        if (pointsInFile is null)
        {
            Report(Locations.Collection(collection), "the collection has no 'points' array");
        }

        if (state.PointsDeclared is { } declared && declared != state.PointsInFile)
        {
            Report($"{Locations.Collection(collection)}.metadata.point_count",
                $"says {declared} points, the file holds {state.PointsInFile}");
        }
        else if (state.PointsDeclared is null && Version == BackupVersions.Native)
        {
            Report($"{Locations.Collection(collection)}.metadata", "the point count is missing");
        }

        state.FirstIndexById.Clear();
        _current = null;
    }

    public void OnChecksumField(string value) => ChecksumField = value;

    public void OnProblem(BackupProblem problem)
    {
        ProblemCount++;
        if (_current is not null)
        {
            _current.ProblemCount++;
        }

        if (_problems.Count < limits.MaxReportedProblems)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>Checks that need the whole file: the top-level counts.</summary>
    public void Finish()
    {
        if (_fileMetadata is null)
        {
            return;
        }

        CheckCount("collection_count", _collections.Count);
        CheckCount("total_points", _collections.Sum(c => c.PointsInFile));
    }

    public long? Generation => _fileMetadata?.GetValueOrDefault("generation") is { Kind: PayloadKind.Integer } value
        ? value.AsInteger
        : null;

    public long? JournalSequence => _fileMetadata?.GetValueOrDefault("journal_sequence") is { Kind: PayloadKind.Integer } value
        ? value.AsInteger
        : null;

    public DateTimeOffset? CreatedAt => _fileMetadata?.GetValueOrDefault("created_at") is { Kind: PayloadKind.String } value &&
                                        DateTimeOffset.TryParse(value.AsString, System.Globalization.CultureInfo.InvariantCulture,
                                            System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
        ? time
        : null;

    public IReadOnlyList<CollectionSummary> Summaries => _collections
        .Select(c => new CollectionSummary(c.Name, c.Schema, c.PointsFound, c.PointsDeclared, c.ProblemCount))
        .ToArray();

    private void CheckCount(string key, long actual)
    {
        if (_fileMetadata!.TryGetValue(key, out var declared) &&
            (declared.Kind != PayloadKind.Integer || declared.AsInteger != actual))
        {
            Report($"metadata.{key}", $"says {declared}, the file holds {actual}");
        }
    }

    private void Report(string location, string message) => OnProblem(new BackupProblem(location, message));

    private sealed class CollectionState(string name)
    {
        public string Name { get; } = name;

        public CollectionSchema? Schema { get; set; }

        public long PointsFound { get; set; }

        public long PointsInFile { get; set; }

        public long? PointsDeclared { get; set; }

        public int ProblemCount { get; set; }

        public Dictionary<PointId, long> FirstIndexById { get; } = [];
    }
}
