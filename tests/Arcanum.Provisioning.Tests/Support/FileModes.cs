namespace Arcanum.Provisioning.Tests.Support;

/// <summary>Unix permissions, or null on Windows where there are none to check.</summary>
internal static class FileModes
{
    public static UnixFileMode? Of(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    public static void Set(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }
}
