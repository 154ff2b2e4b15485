namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// Writes metrics.json and report.html into a new or empty folder. Both are built in memory, written to a
/// temporary sibling folder and renamed into place, so a failure never leaves a half-written result.
/// </summary>
public static class EvaluationOutput
{
    public static IReadOnlyList<string> Files { get; } = ["metrics.json", "report.html"];

    /// <summary>Fails early, before any work, when <paramref name="directory"/> cannot receive the result.</summary>
    /// <exception cref="IOException">The path is a file, or a folder that is not empty.</exception>
    public static void EnsureWritable(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new IOException($"Output path '{directory}' is a file; give a new or empty folder.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new IOException($"Output folder '{directory}' already exists and is not empty; choose a new or empty folder.");
    }

    /// <returns>The full paths written, in <see cref="Files"/> order.</returns>
    public static IReadOnlyList<string> Write(EvaluationResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        EnsureWritable(directory);
        var contents = new[] { MetricsJson.ToJson(result), EvaluationReport.Build(result) };
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"Output folder '{directory}' has no parent folder.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            for (var i = 0; i < Files.Count; i++) File.WriteAllText(Path.Combine(staging, Files[i]), contents[i]);
            // An empty folder may stand where the result goes: EnsureWritable allowed it.
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return [.. Files.Select(f => Path.Combine(full, f))];
    }
}
