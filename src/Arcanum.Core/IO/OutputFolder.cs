namespace Arcanum.Core.IO;

/// <summary>
/// Output folders written whole. Every command that writes a folder checks it first (before any work, so a long
/// run never ends in "folder exists"), builds the result in a hidden sibling folder and renames that into place at
/// the end. A failure at any point leaves the old folder (or nothing), never half of the new one.
/// </summary>
/// <remarks>
/// The checks throw <see cref="IOException"/>; a library with its own input-error type wraps the message.
/// Folders are compared by full path without a trailing separator, so <c>out/</c> and <c>out</c> are one folder.
/// </remarks>
public static class OutputFolder
{
    /// <summary>The full path of <paramref name="directory"/>, without a trailing separator.</summary>
    public static string FullPath(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
    }

    /// <summary>For a command that never replaces output: <paramref name="directory"/> must be new or empty.</summary>
    /// <exception cref="IOException">It is a file, or a folder that is not empty.</exception>
    public static void EnsureEmpty(string directory)
    {
        var full = FullPath(directory);
        if (File.Exists(full)) throw new IOException($"Output '{directory}' is a file; choose a folder name.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new IOException($"Output folder '{directory}' is not empty; choose a new folder.");
    }

    /// <summary>
    /// For a command with <c>--force</c>: <paramref name="directory"/> must be new or empty, or (with
    /// <paramref name="force"/>) an earlier output of the same command, recognised by <paramref name="marker"/>, a file
    /// only that command writes. A null marker lets force replace any folder.
    /// </summary>
    /// <exception cref="IOException">It is a file; or a non-empty folder without force; or, with force, a non-empty
    /// folder that holds no marker and so is not ours to delete.</exception>
    public static void EnsureReplaceable(string directory, bool force, string? marker = null)
    {
        var full = FullPath(directory);
        if (File.Exists(full)) throw new IOException($"Output '{directory}' is a file; choose a folder name.");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (!force)
            throw new IOException($"Output folder '{directory}' exists and is not empty; choose a new folder, or add --force to replace it.");
        if (marker is not null && !File.Exists(Path.Combine(full, marker)))
            throw new IOException($"Output folder '{directory}' is not empty and holds no {marker}, so it is not an earlier output of this command; --force will not replace it. Choose a new folder.");
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a new hidden sibling of <paramref name="directory"/>, then moves the finished
    /// folder into place (replacing what stands there; check first with <see cref="EnsureEmpty"/> or
    /// <see cref="EnsureReplaceable"/>). On failure the sibling is deleted and the exception passes on.
    /// </summary>
    public static T Write<T>(string directory, Func<string, T> write)
    {
        var (staging, full) = Stage(directory);
        try
        {
            var result = write(staging);
            MoveIntoPlace(staging, full);
            return result;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <inheritdoc cref="Write{T}(string, Func{string, T})"/>
    public static void Write(string directory, Action<string> write) => Write(directory, staging =>
    {
        write(staging);
        return 0;
    });

    /// <inheritdoc cref="Write{T}(string, Func{string, T})"/>
    public static async Task<T> WriteAsync<T>(string directory, Func<string, Task<T>> write)
    {
        var (staging, full) = Stage(directory);
        try
        {
            var result = await write(staging).ConfigureAwait(false);
            MoveIntoPlace(staging, full);
            return result;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Renames the complete <paramref name="staging"/> folder to <paramref name="full"/>. A folder already there is
    /// first renamed aside and deleted only once the new one is in place, so a failure leaves the old content.
    /// </summary>
    public static void MoveIntoPlace(string staging, string full)
    {
        if (!Directory.Exists(full))
        {
            Directory.Move(staging, full);
            return;
        }
        if (!Directory.EnumerateFileSystemEntries(full).Any())
        {
            Directory.Delete(full);
            Directory.Move(staging, full);
            return;
        }
        var aside = Sibling(full, "old");
        Directory.Move(full, aside);
        try
        {
            Directory.Move(staging, full);
        }
        catch
        {
            Directory.Move(aside, full);
            throw;
        }
        Directory.Delete(aside, recursive: true);
    }

    private static (string Staging, string Full) Stage(string directory)
    {
        var full = FullPath(directory);
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"Output '{directory}' is a drive root; name a folder inside it.");
        Directory.CreateDirectory(parent);
        var staging = Sibling(full, "tmp");
        Directory.CreateDirectory(staging);
        return (staging, full);
    }

    /// <summary>A hidden sibling (a leading dot), so a listing of the parent does not show work in progress.</summary>
    private static string Sibling(string full, string tag) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.{tag}");
}
