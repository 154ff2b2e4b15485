using Arcanum.Synthesis;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// Output folders of the image-synthesis commands, written whole: checked before any work, built beside their final
/// name and renamed into place (see <see cref="OutputFolders"/>), so a failure leaves nothing half-written.
/// </summary>
internal static class ImageOutput
{
    /// <summary>Fails early when <paramref name="directory"/> may not receive the output: it is a file, or a non-empty
    /// folder and <paramref name="force"/> is off, or (with force) a non-empty folder without <paramref name="marker"/>,
    /// which is not ours to replace (a null marker lets force replace any folder).</summary>
    /// <exception cref="IOException">The folder may not be written.</exception>
    public static void EnsureWritable(string directory, bool force, string? marker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Full(directory);
        if (File.Exists(full)) throw new IOException($"Output '{directory}' is a file; choose a folder name.");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (!force) throw new IOException($"Output folder '{directory}' exists and is not empty; choose a new folder, or add --force to replace it.");
        if (marker is not null && !File.Exists(Path.Combine(full, marker)))
            throw new IOException($"Output folder '{directory}' is not empty and holds no {marker}, so it is not an earlier output of this command; --force will not replace it. Choose a new folder.");
    }

    /// <summary>Runs <paramref name="write"/> on a hidden sibling folder, then moves it into place.</summary>
    public static void Write(string directory, bool force, string marker, Action<string> write)
    {
        EnsureWritable(directory, force, marker);
        var full = Full(directory);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            write(temporary);
            OutputFolders.MoveIntoPlace(temporary, full);
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    private static string Full(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
}
