using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Schema;

/// <summary>
/// What a synthesizer keeps about one real column so its output has the same type: the range and the
/// decimals of numbers (so synthetic values stay inside the real range at the real precision), whole days
/// for dates, the levels of categories (so no new level ever appears) and the missing rate. Identifier
/// columns keep nothing: synthetic rows get fresh identifiers.
/// </summary>
public sealed record ColumnSchema
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    /// <summary>Share of rows where the value is missing, 0..1.</summary>
    public double MissingRate { get; init; }

    /// <summary>The smallest real value (numbers and dates; days since 1970-01-01 for dates).</summary>
    public double Min { get; init; }

    /// <summary>The largest real value.</summary>
    public double Max { get; init; }

    /// <summary>Decimal places of the most precise real value (numbers); 0 for integers, whole-day dates.</summary>
    public int Decimals { get; init; }

    /// <summary>The real levels of a categorical or binary column, in the table's order.</summary>
    public IReadOnlyList<string> Levels { get; init; } = [];

    /// <summary>How often each level occurs among the non-missing rows (sums to 1).</summary>
    public IReadOnlyList<double> LevelShares { get; init; } = [];

    public bool IsNumeric => Type is ColumnType.Numeric or ColumnType.Integer or ColumnType.Date;

    public bool IsCategorical => Type is ColumnType.Categorical or ColumnType.Binary;

    public bool IsIdentifier => Type == ColumnType.Identifier;

    /// <summary>A real value brought inside the real range and rounded to the real precision.</summary>
    public double Restore(double value)
    {
        if (double.IsNaN(value)) return value;
        var clamped = Math.Clamp(value, Min, Max);
        return Decimals >= 15 ? clamped : Math.Round(clamped, Decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>The value as a user would write it in a condition: the date or the number.</summary>
    public string Format(double value) =>
        Type == ColumnType.Date
            ? DateTime.UnixEpoch.AddDays(value).ToString(Decimals == 0 ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("0.###############", System.Globalization.CultureInfo.InvariantCulture);
}
