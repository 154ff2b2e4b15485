using Arcanum.Core.IO;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// Writes a study's output folder: summary.json, rounds.csv, model.safetensors (and, for a
/// simulation, the baselines' models, see <see cref="RunModels"/>), encoding.json (how inputs were
/// encoded or normalised), job.json and report.html. Everything is written into a temporary sibling folder that is
/// renamed into place at the end, so a failure never leaves a half-written result. A simulation and a
/// network study write the same files; see <see cref="StudyReport"/> for what a network lacks.
/// </summary>
public static class StudyOutput
{
    public static IReadOnlyList<string> Files { get; } = ["summary.json", "rounds.csv", "model.safetensors", "encoding.json", "job.json", "report.html"];

    /// <summary>Fails early (before any training) when <paramref name="directory"/> cannot be used: a file, or a
    /// non-empty folder without <paramref name="overwrite"/> (--force).</summary>
    /// <exception cref="IOException">The folder may not be written.</exception>
    public static void EnsureWritable(string directory, bool overwrite) => OutputFolder.EnsureReplaceable(directory, overwrite);

    public static void Write(SimulationResult result, string directory, bool overwrite = false) =>
        Write(StudyReport.FromSimulation(result), directory, overwrite);

    public static void Write(StudyReport result, string directory, bool overwrite = false)
    {
        EnsureWritable(directory, overwrite);
        OutputFolder.Write(directory, staging =>
        {
            File.WriteAllText(Path.Combine(staging, "summary.json"), SummaryJson.ToJson(result));
            File.WriteAllText(Path.Combine(staging, "rounds.csv"), RoundsCsv.Build(result));
            RunModels.Write(result, staging);
            if (result.EncoderJson is { } encoder) File.WriteAllText(Path.Combine(staging, "encoding.json"), encoder);
            File.WriteAllText(Path.Combine(staging, "job.json"), result.Job.ToJson());
            File.WriteAllText(Path.Combine(staging, "report.html"), HtmlReport.Build(result));
        });
    }
}
