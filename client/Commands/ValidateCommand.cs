using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OrleansFailover.Backups.Validation;
using OrleansFailover.Contracts;

namespace OrleansFailover.Client.Commands;

/// <summary>
/// <c>validate FILE [--json]</c>: checks a backup file offline, no silo needed. Exit 0 when it is a valid backup
/// of any supported version, 1 when it is not (a missing or unreadable file included), 2 on wrong usage.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(GlobalOptions global, TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The backup file to check (v1.0, v2.0 or native 3.0)." };
        var json = global.Json;
        var command = new Command("validate", "Check a backup file offline: structure, version, checksum, counts and every point.")
        {
            file,
        };
        command.SetAction(result =>
        {
            var verdict = BackupValidator.ValidateFile(result.GetValue(file)!);
            if (result.GetValue(json))
            {
                WriteJson(output, verdict);
            }
            else
            {
                WriteHuman(output, verdict);
            }

            return verdict.IsValid ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void WriteHuman(TextWriter output, BackupVerdict verdict)
    {
        var size = verdict.SizeBytes.ToString("N0", CultureInfo.InvariantCulture);
        if (verdict.IsValid)
        {
            var checksum = verdict.ChecksumVerified == true ? $", checksum {verdict.Checksum} verified" : ", no checksum in this format";
            output.WriteLine($"VALID {verdict.Path}: version {verdict.Version}, {verdict.Collections.Count} collection(s), " +
                             $"{verdict.TotalPoints.ToString("N0", CultureInfo.InvariantCulture)} points, {size} bytes{checksum}");
            foreach (var collection in verdict.Collections)
            {
                output.WriteLine($"  {CollectionNames.Printable(collection.Name)}: {collection.PointsFound.ToString("N0", CultureInfo.InvariantCulture)} points; {Describe(collection.Schema)}");
            }

            return;
        }

        output.WriteLine($"INVALID {verdict.Path}: {verdict.ProblemCount} problem(s)");
        foreach (var problem in verdict.Problems)
        {
            output.WriteLine($"  {problem.Location}: {problem.Message}");
        }

        if (verdict.ProblemCount > verdict.Problems.Count)
        {
            output.WriteLine($"  ... and {verdict.ProblemCount - verdict.Problems.Count} more");
        }
    }

    private static void WriteJson(TextWriter output, BackupVerdict verdict)
    {
        var document = new
        {
            file = verdict.Path,
            valid = verdict.IsValid,
            version = verdict.Version,
            size_bytes = verdict.SizeBytes,
            checksum = verdict.Checksum,
            checksum_verified = verdict.ChecksumVerified,
            generation = verdict.Generation,
            created_at = verdict.CreatedAt,
            total_points = verdict.TotalPoints,
            collections = verdict.Collections.Select(c => new
            {
                name = c.Name,
                points = c.PointsFound,
                declared_points = c.PointsDeclared,
                dense = c.Schema?.Dense.Select(d => new { name = d.Name, size = d.Size, distance = d.Distance.ToString() }),
                sparse = c.Schema?.Sparse.Select(s => s.Name),
                problems = c.ProblemCount,
            }),
            problem_count = verdict.ProblemCount,
            problems = verdict.Problems.Select(p => new { location = p.Location, message = p.Message }),
        };
        output.WriteLine(JsonSerializer.Serialize(document, ClientJson.Options));
    }

    private static string Describe(CollectionSchema? schema) =>
        schema is null
            ? "no vector config"
            : string.Join(", ", schema.Dense.Select(d => $"dense '{d.Name}' {d.Size} {d.Distance}")
                .Concat(schema.Sparse.Select(s => $"sparse '{s.Name}'")));
}
