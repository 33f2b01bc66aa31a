namespace OrleansFailover.Testing;

/// <summary>Where this repository's programs are built.</summary>
public static class ProgramPaths
{
    /// <summary>A program as its own project built it (e.g. client/bin/CONFIGURATION/net10.0), with its own dependencies.</summary>
    public static string Built(string project, string name)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OrleansFailover.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new InvalidOperationException($"Cannot find the repository above {AppContext.BaseDirectory}.")
            : Path.Combine(root.FullName, project, "bin", output.Parent!.Name, output.Name, name);
    }
}
