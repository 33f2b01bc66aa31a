using System.Globalization;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Client.Connection;
using OrleansFailover.Contracts;

namespace OrleansFailover.Client.Input;

/// <summary>
/// A JSON Lines file of points, one per line, laid out as in a backup file:
/// <c>{"id": …, "vector": {"dense": […], "sparse": {"indices": […], "values": […]}}, "payload": {…}}</c>.
/// Read twice: first every line is checked (a bad line fails the command before anything is sent), then sent.
/// </summary>
internal sealed class PointFile(string path)
{
    public long Count { get; private set; }

    /// <summary>Checks every line; the first bad one fails with its line number and problem.</summary>
    public void Check()
    {
        long count = 0;
        foreach (var (point, _) in Read())
        {
            count++;
            _ = point;
        }

        Count = count;
    }

    public IEnumerable<IReadOnlyList<VectorPoint>> Batches(int size)
    {
        var batch = new List<VectorPoint>(size);
        foreach (var (point, _) in Read())
        {
            batch.Add(point);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<VectorPoint>(size);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private IEnumerable<(VectorPoint Point, long Line)> Read()
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot read '{path}': {exception.Message}");
        }

        using (reader)
        {
            long number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var (point, problem) = PointJson.Parse(line, $"{Path.GetFileName(path)} line {number.ToString(CultureInfo.InvariantCulture)}");
                if (problem is not null)
                {
                    throw new UsageException(problem.ToString());
                }

                yield return (point!, number);
            }
        }
    }
}
