namespace Arcanum.Network.Transport;

/// <summary>
/// Writes the small state files a restart must find (DP ledgers, the statistics budget, secure sums) so that a crash leaves
/// the old content or the new, never half of one: into a temporary file beside the target, then moved over it.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
