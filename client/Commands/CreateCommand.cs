using System.CommandLine;
using System.Globalization;
using OrleansFailover.Backups.Format;
using OrleansFailover.Client.Connection;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Client.Commands;

/// <summary><c>create COLLECTION --dense NAME:SIZE:DISTANCE [--sparse NAME]</c>: creates (or confirms) a collection.</summary>
internal static class CreateCommand
{
    public static Command Create(GlobalOptions global, TextWriter output, TextWriter error)
    {
        var collection = new Argument<string>("collection") { Description = "The collection name." };
        var dense = new Option<string[]>("--dense")
        {
            Description = "A dense vector NAME:SIZE:DISTANCE, DISTANCE one of Cosine, Dot, Euclid, Manhattan (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var sparse = new Option<string[]>("--sparse") { Description = "A sparse vector NAME (repeatable)." };
        var command = new Command("create", "Create a collection, or confirm one with the same vectors exists.") { collection, dense, sparse };
        SiloCommand.SetAction(command, global, output, error, async context =>
        {
            var name = context.Parsed.GetValue(collection)!;
            var schema = new CollectionSchema
            {
                Dense = (context.Parsed.GetValue(dense) ?? []).Select(ParseDense).ToArray(),
                Sparse = (context.Parsed.GetValue(sparse) ?? []).Select(s => new SparseVectorConfig(s)).ToArray(),
            };
            if (CollectionNames.FindProblem(name) is { } badName)
            {
                throw new UsageException($"invalid collection name '{CollectionNames.Printable(name)}': {badName}");
            }

            if (schema.FindProblem() is { } badSchema)
            {
                throw new UsageException($"{badSchema} (give --dense NAME:SIZE:DISTANCE and/or --sparse NAME)");
            }

            await context.Client.GetGrain<IVectorRouterGrain>(0).EnsureCollection(name, schema);
            await context.Output.WriteLineAsync(context.Json
                ? System.Text.Json.JsonSerializer.Serialize(new { collection = name, created_or_exists = true }, ClientJson.Options)
                : $"Collection '{name}' is ready: {CollectionsCommand.Describe(schema)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static DenseVectorConfig ParseDense(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
            !DistanceNames.TryParse(parts[2], out var distance))
        {
            throw new UsageException($"--dense '{text}' is not NAME:SIZE:DISTANCE (for example dense:768:Cosine).");
        }

        return new DenseVectorConfig(parts[0], size, distance);
    }
}
