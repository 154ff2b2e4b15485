using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Provisioning;

/// <summary>
/// File writes for kits. Private files are created 0600 in the same call that creates them (never
/// world-readable, even briefly); kit folders are 0700. Replacements go through a temporary file and
/// a rename, so a reader sees the old file or the new one, never half of one.
/// </summary>
internal static class SecureFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    public static void WritePrivate(string path, byte[] content) => Write(path, content, isPrivate: true, flushToDisk: false);

    public static void WriteText(string path, string content) => Write(path, Encoding.UTF8.GetBytes(content), isPrivate: false, flushToDisk: false);

    /// <summary>Replaces <paramref name="path"/> atomically (write a sibling, flush it to disk, rename).</summary>
    public static void Replace(string path, byte[] content, bool isPrivate = false)
    {
        var temp = $"{path}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            Write(temp, content, isPrivate, flushToDisk: true);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void ReplaceText(string path, string content) => Replace(path, Encoding.UTF8.GetBytes(content));

    /// <summary>True when a group or other user has any access to the file (always false on Windows).</summary>
    public static bool IsAccessibleToOthers(string path, out UnixFileMode mode)
    {
        mode = OperatingSystem.IsWindows() ? OwnerOnlyFile : File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                  | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (mode & others) != 0;
    }

    /// <summary>
    /// New kits are written into a fresh folder that is renamed into place, so their files need no flush
    /// of their own; a replacement is flushed before its rename so that a crash leaves the old file or the new one.
    /// </summary>
    private static void Write(string path, byte[] content, bool isPrivate, bool flushToDisk)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (isPrivate && !OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        using var stream = new FileStream(path, options);
        stream.Write(content);
        if (flushToDisk) stream.Flush(flushToDisk: true);
    }
}
