using System.Globalization;

namespace Arcanum.Bench;

/// <summary>A process's resident memory from /proc (Linux): current (VmRSS) and peak (VmHWM).</summary>
internal static class ProcMemory
{
    public readonly record struct Reading(long RssBytes, long PeakBytes);

    public static Reading Read(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }
        return new Reading(rss, peak);
    }

    /// <summary>Resets the peak to the current RSS (writing 5 to clear_refs, Linux 4.0+), so a peak read later is that of what ran in between.</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
