using System.Globalization;

namespace Arcanum.Bench;

/// <summary>Reads "--name value" options from a benchmark's arguments, with a fallback when absent.</summary>
internal static class Args
{
    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static string String(string[] args, string name, string fallback) => Value(args, name) ?? fallback;

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
