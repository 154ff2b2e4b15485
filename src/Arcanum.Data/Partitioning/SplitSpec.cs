using System.Globalization;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Partitioning;

/// <summary>
/// A partitioning named in text, as a command line takes it: <c>iid</c>, <c>dirichlet:0.5</c>,
/// <c>quantity:2</c> or <c>column:unit</c>. <see cref="ToString"/> writes the same form back.
/// </summary>
public sealed record SplitSpec(SplitKind Kind, double Parameter = 0, string? Column = null)
{
    private const string Usage = "Use iid, dirichlet:<alpha> (e.g. dirichlet:0.5), quantity:<beta> (e.g. quantity:2) or column:<name> (e.g. column:unit).";

    /// <exception cref="FormatException">The text is not one of the forms above.</exception>
    public static SplitSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? trimmed : trimmed[..colon]).ToLowerInvariant();
        var argument = colon < 0 ? null : trimmed[(colon + 1)..].Trim();
        switch (kind)
        {
            case "iid" when argument is null:
                return new SplitSpec(SplitKind.Iid);
            case "iid":
                throw new FormatException($"Split \"{text}\": iid takes no parameter. {Usage}");
            case "dirichlet" or "quantity":
                return new SplitSpec(kind == "dirichlet" ? SplitKind.Dirichlet : SplitKind.Quantity, Concentration(text, kind, argument));
            case "column" when !string.IsNullOrEmpty(argument):
                return new SplitSpec(SplitKind.Column, Column: argument);
            case "column":
                throw new FormatException($"Split \"{text}\": name the column, e.g. column:unit.");
            default:
                throw new FormatException($"Unknown split \"{text}\". {Usage}");
        }
    }

    /// <summary>Partitions the rows that <paramref name="labels"/> describe (the table is needed for <see cref="SplitKind.Column"/> only).</summary>
    public Partition Apply(IReadOnlyList<int> labels, int classCount, int sites, int seed, DataTable? table = null, int minRowsPerSite = Partitioners.DefaultMinRowsPerSite)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Kind switch
        {
            SplitKind.Iid => Partitioners.Iid(labels.Count, sites, seed),
            SplitKind.Dirichlet => Partitioners.Dirichlet(labels, classCount, sites, Parameter, seed, minRowsPerSite),
            SplitKind.Quantity => Partitioners.Quantity(labels.Count, sites, Parameter, seed, minRowsPerSite),
            _ when table is null => throw new ArgumentException($"Split {this} needs the table that holds column '{Column}'.", nameof(table)),
            _ when table.RowCount != labels.Count => throw new ArgumentException($"The table has {table.RowCount} rows but {labels.Count} labels were given.", nameof(table)),
            _ => Partitioners.ByColumn(table, Column!),
        };
    }

    private static double Concentration(string text, string kind, string? argument)
    {
        var name = kind == "dirichlet" ? "alpha" : "beta";
        if (argument is null)
            throw new FormatException($"Split \"{text}\": {kind} needs its {name}, e.g. {kind}:0.5.");
        if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            throw new FormatException($"Split \"{text}\": {name} must be a positive number such as 0.5, not \"{argument}\".");
        return value;
    }

    public override string ToString() => Kind switch
    {
        SplitKind.Iid => "iid",
        SplitKind.Column => $"column:{Column}",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Parameter.ToString("R", CultureInfo.InvariantCulture)}",
    };
}
