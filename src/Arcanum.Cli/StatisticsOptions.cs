using System.CommandLine;
using System.Globalization;
using Arcanum.Federated.Statistics;

namespace Arcanum.Cli;

/// <summary>
/// The query options <c>simulate stats</c> and <c>admin stats</c> share (--columns, --range, --by,
/// --levels, --bins), and how they become a <see cref="StatisticsQuery"/>: one parser, so both commands
/// read a query the same way and refuse the same mistakes with the same words.
/// </summary>
internal sealed class StatisticsOptions
{
    public Option<string> Columns { get; } = new("--columns")
    {
        Description = "Numeric columns to describe, comma-separated, e.g. age,bili.",
        Required = true,
    };

    public Option<string[]> Ranges { get; } = new("--range")
    {
        Description = "The public range of a column, COLUMN=LOW:HIGH (repeatable; one per column). It fixes the " +
                      "histogram edges at every site and bounds a record's influence.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> By { get; } = new("--by") { Description = "A column to group by, e.g. sex." };

    public Option<string?> Levels { get; } = new("--levels")
    {
        Description = "The --by groups to report, comma-separated (required when a site adds noise).",
    };

    public Option<int?> Bins { get; } =
        SimulateOptions.WholeNumber("--bins", "Histogram bins per column.", StatisticsQuery.DefaultBins);

    public IEnumerable<Option> All => [Columns, Ranges, By, Levels, Bins];

    /// <summary>
    /// The query the options describe, not yet validated: with a table at hand, validate against it first, so
    /// a misspelt column is named as such rather than as one without a range.
    /// </summary>
    /// <exception cref="StatisticsException">A malformed range.</exception>
    public StatisticsQuery Query(ParseResult parse) =>
        new(
            Split(parse.GetValue(Columns)),
            ParseRanges(parse.GetValue(Ranges) ?? []),
            parse.GetValue(By),
            parse.GetValue(Levels) is { } l ? Split(l) : null,
            parse.GetValue(Bins) ?? StatisticsQuery.DefaultBins);

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>COLUMN=LOW:HIGH pairs; a malformed one is refused with the form expected.</summary>
    internal static Dictionary<string, ValueRange> ParseRanges(IEnumerable<string> specs)
    {
        var result = new Dictionary<string, ValueRange>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var colon = eq < 0 ? -1 : spec.IndexOf(':', eq);
            if (eq <= 0 || colon < 0 || !TryNumber(spec[(eq + 1)..colon], out var low)
                || !TryNumber(spec[(colon + 1)..], out var high))
                throw new StatisticsException($"--range '{spec}' is not COLUMN=LOW:HIGH, e.g. age=0:120.");
            result[spec[..eq].Trim()] = new ValueRange(low, high);
        }
        return result;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
