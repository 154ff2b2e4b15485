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

    /// <summary>Fails early (before any training) when <paramref name="directory"/> cannot be used.</summary>
    public static void EnsureWritable(string directory, bool overwrite)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new IOException($"Output path '{directory}' is a file; give a folder.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !overwrite)
            throw new IOException($"Output folder '{directory}' already exists and is not empty. Choose another --out or add --force to replace it.");
    }

    public static void Write(SimulationResult result, string directory, bool overwrite = false) =>
        Write(StudyReport.FromSimulation(result), directory, overwrite);

    public static void Write(StudyReport result, string directory, bool overwrite = false) => WriteAtomically(directory, overwrite, staging =>
    {
        File.WriteAllText(Path.Combine(staging, "summary.json"), SummaryJson.ToJson(result));
        File.WriteAllText(Path.Combine(staging, "rounds.csv"), RoundsCsv.Build(result));
        RunModels.Write(result, staging);
        if (result.EncoderJson is { } encoder) File.WriteAllText(Path.Combine(staging, "encoding.json"), encoder);
        File.WriteAllText(Path.Combine(staging, "job.json"), result.Job.ToJson());
        File.WriteAllText(Path.Combine(staging, "report.html"), HtmlReport.Build(result));
    });

    /// <summary>
    /// Runs <paramref name="write"/> on a temporary sibling folder and renames it into place at the end,
    /// so a failure leaves nothing half-written (and an existing folder untouched unless replaced).
    /// </summary>
    public static void WriteAtomically(string directory, bool overwrite, Action<string> write)
    {
        EnsureWritable(directory, overwrite);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? full);
        var staging = full + ".partial-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
