using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>Which columns are features.</summary>
public static class FeatureColumns
{
    /// <summary>Every column except the target, identifiers and the excluded names, in table order.</summary>
    /// <exception cref="KeyNotFoundException">The target or an excluded name is not a column (a typo would otherwise leak a column in).</exception>
    public static IReadOnlyList<string> Default(DataTable table, string? target, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var skip = new HashSet<string>(StringComparer.Ordinal);
        if (target is not null) skip.Add(table[target].Name);
        foreach (var name in exclude ?? []) skip.Add(table[name].Name);
        return table.Columns
            .Where(c => c.Type != ColumnType.Identifier && !skip.Contains(c.Name))
            .Select(c => c.Name)
            .ToArray();
    }
}
