using System.Globalization;
using System.Runtime.InteropServices;

namespace Arcanum.Bench;

/// <summary>Facts about the machine a benchmark ran on, printed with every table.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        return $"{cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>Peak resident set size of this process (VmHWM), in bytes.</summary>
    public static long PeakRss() => ReadStatus("VmHWM:");

    /// <summary>Current resident set size (VmRSS), in bytes.</summary>
    public static long CurrentRss() => ReadStatus("VmRSS:");

    /// <summary>Resets the peak RSS counter so the next phase measures its own peak (Linux 4.0+).</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long ReadStatus(string key)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null) return 0;
        var kb = long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb * 1024;
    }
}
