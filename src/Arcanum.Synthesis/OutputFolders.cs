namespace Arcanum.Synthesis;

/// <summary>Output folders written whole: built beside their final name, then renamed into place.</summary>
public static class OutputFolders
{
    /// <summary>
    /// Renames the complete <paramref name="temporary"/> folder to <paramref name="full"/>. A folder already there is first
    /// renamed aside and deleted only after the new one is in place, so a failure leaves the old content, never half of the new.
    /// </summary>
    public static void MoveIntoPlace(string temporary, string full)
    {
        if (!Directory.Exists(full))
        {
            Directory.Move(temporary, full);
            return;
        }
        if (!Directory.EnumerateFileSystemEntries(full).Any())
        {
            Directory.Delete(full);
            Directory.Move(temporary, full);
            return;
        }
        var aside = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.old");
        Directory.Move(full, aside);
        try
        {
            Directory.Move(temporary, full);
        }
        catch
        {
            Directory.Move(aside, full);
            throw;
        }
        Directory.Delete(aside, recursive: true);
    }
}
