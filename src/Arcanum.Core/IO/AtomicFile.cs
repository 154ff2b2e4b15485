namespace Arcanum.Core.IO;

/// <summary>
/// One file written whole: into a temporary file beside the target, then moved over it, so a crash or a failed write
/// leaves the old content or the new, never half of one. For state a restart must find (DP ledgers, budgets, secure sums)
/// and for single-file outputs (knowledge bases, case tables, reports). Folders: <see cref="OutputFolder"/>.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    });

    /// <summary>Runs <paramref name="write"/> on a stream to a temporary sibling, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
