using Arcanum.Core.IO;

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
    public static void EnsureWritable(string directory) => OutputFolder.EnsureEmpty(directory);

    /// <returns>The full paths written, in <see cref="Files"/> order.</returns>
    public static IReadOnlyList<string> Write(EvaluationResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        EnsureWritable(directory);
        var contents = new[] { MetricsJson.ToJson(result), EvaluationReport.Build(result) };
        OutputFolder.Write(directory, staging =>
        {
            for (var i = 0; i < Files.Count; i++) File.WriteAllText(Path.Combine(staging, Files[i]), contents[i]);
        });
        var full = OutputFolder.FullPath(directory);
        return [.. Files.Select(f => Path.Combine(full, f))];
    }
}
