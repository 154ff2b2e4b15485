using System.Text.Json;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// De-identifies every file under a folder into a new folder, plus summary.json. Each file is named by its new UIDs,
/// <c>STUDY/SERIES/INSTANCE.dcm</c>, because the input's folder and file names often carry a patient's name or record
/// number; <see cref="DeidOptions.KeepPaths"/> keeps the relative paths instead. Output goes to a hidden sibling
/// folder first and is moved into place only when every file succeeded, so a bad file leaves nothing half-written.
/// One file is in memory at a time.
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
        var (flagged, flaggedInputs) = (new List<string>(), new List<string>());
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var (written, withoutId) = (0, 0);
        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(input, path);
            var file = DicomReader.Read(path);
            var result = DicomDeidentifier.Apply(file, options, counts);
            if (result.PatientKeyMissing) withoutId++;
            var name = options.KeepPaths ? relative : UidPath(file.Dataset);
            if (!names.TryAdd(name, relative))
                throw new DicomException($"'{relative}' and '{names[name]}' are the same instance (one SOP Instance "
                    + "UID); remove the copy, or rerun with --keep-paths.");
            if (result.BurnedInAnnotation)
            {
                flagged.Add(name);
                flaggedInputs.Add(relative);
                if (!options.AllowBurnedIn) continue;
            }
            var destination = Path.Combine(partial, name);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            DicomWriter.Write(file, destination);
            written++;
        }
        var dates = options.Dates.ToString().ToLowerInvariant();
        return new DeidSummary(files.Count, written, flagged, options.AllowBurnedIn, withoutId, dates,
            counts.Values.ToDictionary())
        {
            FlaggedInputs = flaggedInputs,
            Names = options.KeepPaths ? "input paths" : "uids",
        };
    }

    /// <summary><c>STUDY/SERIES/INSTANCE.dcm</c> from the (already replaced) UIDs; a missing one is named as missing.</summary>
    private static string UidPath(DicomDataset dataset)
    {
        string Part(DicomTag tag, string missing) =>
            dataset.GetAscii(tag)?.Trim('\0', ' ') is { Length: > 0 } uid ? uid : missing;
        return Path.Combine(Part(DicomTag.StudyInstanceUid, "no-study-uid"), Part(DicomTag.SeriesInstanceUid, "no-series-uid"),
            Part(DicomTag.SopInstanceUid, "no-instance-uid") + ".dcm");
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
