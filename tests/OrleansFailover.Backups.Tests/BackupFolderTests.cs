using OrleansFailover.Backups.Storage;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Backups.Tests;

/// <summary>Generations are published atomically, kept to the retention count, and never leak outside the folder.</summary>
public sealed class BackupFolderTests : IDisposable
{
    private static readonly CollectionSchema Schema = TestPoints.HybridSchema(16, Distance.Dot);
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_committed_generation_is_listed_valid_and_numbered_after_the_last()
    {
        var folder = new BackupFolder(_root.Path);

        var first = Publish(folder, "docs", 10);
        var second = Publish(folder, "docs", 20);

        Assert.Equal([2L, 1L], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.Equal(second.Path, folder.Newest("docs")!.Path);
        var verdict = BackupValidator.ValidateFile(second.Path);
        Assert.True(verdict.IsValid, string.Join("\n", verdict.Problems));
        Assert.Equal(2, verdict.Generation);
        Assert.Equal(20, verdict.TotalPoints);
        Assert.Equal(new FileInfo(first.Path).Length, first.SizeBytes);
        Assert.Equal(["docs"], folder.ListCollections());
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_generation_and_no_file_in_view()
    {
        var folder = new BackupFolder(_root.Path);
        var previous = Publish(folder, "docs", 10);
        var previousBytes = File.ReadAllBytes(previous.Path);

        using (var pending = folder.Begin("docs", DateTimeOffset.UtcNow))
        {
            pending.Writer.BeginCollection("docs", Schema);
            pending.Writer.WritePoints(RoundTripTests.SamplePoints(5));
            // The primary fails here: the pending backup is disposed without a commit.
        }

        Assert.Equal([1L], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.Equal(previousBytes, File.ReadAllBytes(previous.Path));
        Assert.Equal([previous.Path], Directory.GetFiles(folder.DirectoryFor("docs")));
    }

    [Fact]
    public void A_crash_midway_leaves_only_a_hidden_temporary_file_which_is_cleaned_up()
    {
        var folder = new BackupFolder(_root.Path);
        Publish(folder, "docs", 10);
        var crashed = folder.Begin("docs", DateTimeOffset.UtcNow);
        crashed.Writer.BeginCollection("docs", Schema);
        crashed.Writer.WritePoints(RoundTripTests.SamplePoints(5));
        // The process dies: nothing is committed, nothing is disposed.

        var afterRestart = new BackupFolder(_root.Path);

        Assert.Equal([1L], afterRestart.ListGenerations("docs").Select(g => g.Generation));
        Assert.True(File.Exists(crashed.TemporaryPath));
        Assert.StartsWith(".", Path.GetFileName(crashed.TemporaryPath), StringComparison.Ordinal);
        Assert.Equal(1, afterRestart.RemoveAbandonedTemporaryFiles("docs"));
        Assert.False(File.Exists(crashed.TemporaryPath));
        crashed.Dispose();
    }

    [Fact]
    public void A_generation_that_does_not_validate_is_not_published_and_the_newest_valid_one_is_kept()
    {
        // Retention 1: publishing an invalid generation would make retention delete the only valid one.
        var folder = new BackupFolder(_root.Path, retention: 1);
        var previous = Publish(folder, "docs", 10);
        var previousBytes = File.ReadAllBytes(previous.Path);
        var points = RoundTripTests.SamplePoints(5);

        BackupNotValidException error;
        using (var pending = folder.Begin("docs", DateTimeOffset.UtcNow))
        {
            pending.Writer.BeginCollection("docs", Schema);
            pending.Writer.WritePoints(points);
            // The same points again: a file the validator refuses (duplicate ids), written by the real writer.
            pending.Writer.WritePoints(points);
            pending.Writer.EndCollection();

            error = Assert.Throws<BackupNotValidException>(() => pending.Commit());
        }

        Assert.Contains("duplicate id", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Verdict.ProblemCount);
        Assert.Equal(2, error.Generation);
        Assert.Equal([1L], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.Equal(previousBytes, File.ReadAllBytes(previous.Path));
        Assert.Equal([previous.Path], Directory.GetFiles(folder.DirectoryFor("docs")));

        // The next valid generation is published, and only then does retention make room for it.
        var next = Publish(folder, "docs", 3);
        Assert.Equal(2, next.Generation);
        Assert.Equal([2L], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.True(BackupValidator.ValidateFile(next.Path).IsValid);
    }

    [Fact]
    public void Only_the_newest_generations_up_to_the_retention_are_kept()
    {
        var folder = new BackupFolder(_root.Path, retention: 3);

        for (var i = 0; i < 5; i++)
        {
            Publish(folder, "docs", 3);
        }

        Assert.Equal([5L, 4L, 3L], folder.ListGenerations("docs").Select(g => g.Generation));
        Assert.Equal(3, Directory.GetFiles(folder.DirectoryFor("docs")).Length);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("")]
    public void A_hostile_collection_name_never_becomes_a_path(string name)
    {
        var folder = new BackupFolder(_root.Path);

        var error = Assert.Throws<VectorStoreException>(() => folder.Begin(name, DateTimeOffset.UtcNow));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "..", "outside")));
    }

    private static BackupGeneration Publish(BackupFolder folder, string collection, int points)
    {
        using var pending = folder.Begin(collection, DateTimeOffset.UtcNow);
        pending.Writer.BeginCollection(collection, Schema);
        pending.Writer.WritePoints(RoundTripTests.SamplePoints(points));
        pending.Writer.EndCollection();
        return pending.Commit();
    }
}
