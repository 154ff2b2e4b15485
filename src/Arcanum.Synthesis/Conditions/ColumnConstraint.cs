using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Conditions;

/// <summary>
/// What all clauses on one column allow together. Numbers and dates: an interval (a value must be present);
/// categories: the allowed levels. Models that condition natively read these.
/// </summary>
public sealed class ColumnConstraint
{
    internal ColumnConstraint(ColumnSchema column, int learnedIndex)
    {
        Column = column;
        LearnedIndex = learnedIndex;
        if (column.IsCategorical) Allowed = Enumerable.Repeat(true, column.Levels.Count).ToArray();
    }

    public ColumnSchema Column { get; }

    /// <summary>The column's index among <see cref="TableSchema.Learned"/>.</summary>
    public int LearnedIndex { get; }

    /// <summary>Lower bound (numbers and dates); -infinity when none.</summary>
    public double Lower { get; internal set; } = double.NegativeInfinity;

    public bool LowerInclusive { get; internal set; } = true;

    public double Upper { get; internal set; } = double.PositiveInfinity;

    public bool UpperInclusive { get; internal set; } = true;

    /// <summary>Values other than the listed ones are excluded (numbers and dates).</summary>
    public List<double> Excluded { get; } = [];

    /// <summary>Allowed level codes (categories); null for numbers.</summary>
    public bool[]? Allowed { get; }

    /// <summary>The single allowed level, when exactly one is (what a conditional vector serves).</summary>
    public int? SingleLevel
    {
        get
        {
            if (Allowed is null) return null;
            var found = -1;
            for (var i = 0; i < Allowed.Length; i++)
            {
                if (!Allowed[i]) continue;
                if (found >= 0) return null;
                found = i;
            }
            return found >= 0 ? found : null;
        }
    }

    /// <summary>Whether a learned value (a number, or a level code; NaN missing) satisfies the constraint.</summary>
    public bool Accepts(double value)
    {
        if (double.IsNaN(value)) return false;
        if (Allowed is not null) return value >= 0 && value < Allowed.Length && Allowed[(int)value];
        if (value < Lower || (value == Lower && !LowerInclusive)) return false;
        if (value > Upper || (value == Upper && !UpperInclusive)) return false;
        return !Excluded.Contains(value);
    }
}
