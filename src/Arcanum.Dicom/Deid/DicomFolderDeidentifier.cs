using System.Text.Json;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// De-identifies every file under a folder into a new folder with the same relative paths, plus summary.json.
/// Output goes to a hidden sibling folder first and is moved into place only when every file succeeded, so a
/// bad file leaves nothing half-written. One file is in memory at a time.
/// </summary>
public static class DicomFolderDeidentifier
{
    public const string SummaryFile = "summary.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static DeidSummary Run(string input, string output, DeidOptions options)
    {
        options.Validate();
        var files = InputFiles(input, output);
        var target = Path.GetFullPath(output);
        var partial = Path.Combine(Path.GetDirectoryName(target)!,
            $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            var summary = Process(input, files, partial, options);
            File.WriteAllText(Path.Combine(partial, SummaryFile), JsonSerializer.Serialize(summary, Json));
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(partial, target);
            return summary;
        }
        catch
        {
            Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private static DeidSummary Process(string input, IReadOnlyList<string> files, string partial, DeidOptions options)
    {
        var counts = new DeidCounts();
        var flagged = new List<string>();
        var (written, withoutId) = (0, 0);
        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(input, path);
            var file = DicomReader.Read(path);
            var result = DicomDeidentifier.Apply(file, options, counts);
            if (result.PatientKeyMissing) withoutId++;
            if (result.BurnedInAnnotation)
            {
                flagged.Add(relative);
                if (!options.AllowBurnedIn) continue;
            }
            var destination = Path.Combine(partial, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            DicomWriter.Write(file, destination);
            written++;
        }
        var dates = options.Dates.ToString().ToLowerInvariant();
        return new DeidSummary(files.Count, written, flagged, options.AllowBurnedIn, withoutId, dates,
            counts.Values.ToDictionary());
    }

    private static List<string> InputFiles(string input, string output)
    {
        if (!Directory.Exists(input)) throw new DicomException($"Input folder '{input}' does not exist.");
        var source = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var target = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (target.StartsWith(source, StringComparison.Ordinal) || source.StartsWith(target, StringComparison.Ordinal))
            throw new DicomException($"Output folder '{output}' must lie outside input folder '{input}' and "
                + $"not contain it.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new DicomException($"Output folder '{output}' is not empty; choose a new one.");
        if (File.Exists(output)) throw new DicomException($"Output '{output}' is a file; give a folder.");
        var files = Directory.EnumerateFiles(input, "*",
            SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new DicomException($"Input folder '{input}' holds no files.");
        return files;
    }
}
