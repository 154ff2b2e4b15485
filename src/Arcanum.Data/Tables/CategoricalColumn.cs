namespace Arcanum.Data.Tables;

/// <summary>
/// A <see cref="ColumnType.Categorical"/> or <see cref="ColumnType.Binary"/> column: sorted
/// <see cref="Levels"/> and one code per row (-1 missing). For a binary column the code is its 0/1 value.
/// </summary>
public sealed class CategoricalColumn : Column
{
    private readonly int[] _codes;

    public CategoricalColumn(string name, ColumnType type, IReadOnlyList<string> levels, int[] codes)
        : base(name, type)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(codes);
        if (type is not (ColumnType.Categorical or ColumnType.Binary))
            throw new ArgumentException($"A categorical column cannot have type {type}.", nameof(type));
        if (type == ColumnType.Binary && levels.Count > 2)
            throw new ArgumentException($"Binary column '{name}' has {levels.Count} levels; at most 2 allowed.", nameof(levels));
        foreach (var c in codes)
        {
            if (c < -1 || c >= levels.Count)
                throw new ArgumentException($"Code {c} is outside -1..{levels.Count - 1} in column '{name}'.", nameof(codes));
        }
        Levels = levels;
        _codes = codes;
    }

    public IReadOnlyList<string> Levels { get; }

    public override int Length => _codes.Length;

    /// <summary>The index of the row's level in <see cref="Levels"/>; -1 when missing.</summary>
    public int Code(int row) => _codes[row];

    public override bool IsMissing(int row) => _codes[row] < 0;

    public override string? RawValue(int row) => _codes[row] < 0 ? null : Levels[_codes[row]];

    /// <summary>Keeps all levels, even those no selected row has, so codes stay comparable.</summary>
    public override Column Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var codes = new int[rows.Count];
        for (var i = 0; i < codes.Length; i++) codes[i] = _codes[rows[i]];
        return new CategoricalColumn(Name, Type, Levels, codes);
    }
}
