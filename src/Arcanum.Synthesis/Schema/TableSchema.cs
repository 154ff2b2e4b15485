using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Schema;

/// <summary>
/// The columns of the real table as a synthesizer must reproduce them: names, order, types, ranges,
/// precision, levels and missing rates. <see cref="Learned"/> are the columns a model learns; identifier
/// columns are never learned and get fresh values ("syn-1", "syn-2", ...) in every synthetic table.
/// </summary>
public sealed class TableSchema
{
    public const string IdentifierPrefix = "syn-";

    public TableSchema(IReadOnlyList<ColumnSchema> columns, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("A schema needs at least one column.", nameof(columns));
        Columns = columns;
        RowCount = rowCount;
        Learned = columns.Where(c => !c.IsIdentifier).ToArray();
        if (Learned.Count == 0)
            throw new SynthesisException($"Every column ({string.Join(", ", columns.Select(c => c.Name))}) is an identifier: there is nothing to learn.");
    }

    /// <summary>Every column of the real table, in its order.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The columns a model learns: all but the identifiers, in table order.</summary>
    public IReadOnlyList<ColumnSchema> Learned { get; }

    /// <summary>Rows of the real table the schema was learned from.</summary>
    public int RowCount { get; }

    /// <summary>Learned columns with no value in any real row: a model can only leave them blank.</summary>
    public IReadOnlyList<string> EmptyColumns => [.. Learned.Where(c => c.MissingRate >= 1).Select(c => c.Name)];

    public ColumnSchema? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public int LearnedIndex(string name)
    {
        for (var i = 0; i < Learned.Count; i++)
        {
            if (Learned[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>Learns the schema of a real table.</summary>
    /// <param name="table">The real table.</param>
    /// <param name="identifiers">Columns to treat as identifiers besides those read as such.</param>
    /// <exception cref="SynthesisException">Too few rows, an unknown identifier name, or nothing left to learn.</exception>
    public static TableSchema Learn(DataTable table, IReadOnlyCollection<string>? identifiers = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        identifiers ??= [];
        foreach (var name in identifiers)
        {
            if (!table.Contains(name))
                throw new SynthesisException($"Identifier column '{name}' is not in the table. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }
        if (table.RowCount < 10)
            throw new SynthesisException($"The table has {table.RowCount} rows; a synthesizer needs at least 10 to learn anything.");
        var columns = table.Columns.Select(c => identifiers.Contains(c.Name) || c.Type == ColumnType.Identifier
            ? new ColumnSchema { Name = c.Name, Type = ColumnType.Identifier }
            : Describe(c)).ToArray();
        return new TableSchema(columns, table.RowCount);
    }

    private static ColumnSchema Describe(Column column)
    {
        var missing = (double)column.MissingCount / column.Length;
        switch (column)
        {
            case CategoricalColumn categorical:
            {
                var counts = new double[categorical.Levels.Count];
                for (var r = 0; r < categorical.Length; r++)
                {
                    if (categorical.Code(r) >= 0) counts[categorical.Code(r)]++;
                }
                var total = counts.Sum();
                return new ColumnSchema
                {
                    Name = column.Name, Type = column.Type, MissingRate = missing, Levels = categorical.Levels,
                    LevelShares = counts.Select(c => total > 0 ? c / total : 0).ToArray(),
                };
            }
            case NumericColumn numeric:
            {
                var present = numeric.Values.Where(v => !double.IsNaN(v)).ToArray();
                var decimals = 0;
                for (var r = 0; r < numeric.Length; r++)
                {
                    if (!numeric.IsMissing(r)) decimals = Math.Max(decimals, DecimalsOf(numeric, r));
                }
                return new ColumnSchema
                {
                    Name = column.Name, Type = column.Type, MissingRate = missing,
                    Min = present.Length > 0 ? present.Min() : 0, Max = present.Length > 0 ? present.Max() : 0,
                    Decimals = decimals,
                };
            }
            default:
                throw new SynthesisException($"Column '{column.Name}' has type {column.Type}, which a synthesizer cannot learn.");
        }
    }

    private static int DecimalsOf(NumericColumn column, int row)
    {
        var value = column[row];
        if (column.Type == ColumnType.Integer) return 0;
        if (column.Type == ColumnType.Date) return value == Math.Floor(value) ? 0 : 6;
        var text = column.RawValue(row)!;
        if (text.Contains('E', StringComparison.OrdinalIgnoreCase)) return 15;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : Math.Min(15, text.Length - dot - 1);
    }

    /// <summary>
    /// The learned columns of a table as numbers: values for numbers and dates, level codes for categories;
    /// NaN where missing. The table must have the schema's learned columns with the same types.
    /// </summary>
    public double[][] Extract(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = new double[Learned.Count][];
        for (var i = 0; i < Learned.Count; i++)
        {
            var schema = Learned[i];
            if (!table.Contains(schema.Name))
                throw new SynthesisException($"The table has no column '{schema.Name}', which the model learned.");
            var column = table[schema.Name];
            var values = new double[table.RowCount];
            switch (column)
            {
                case NumericColumn numeric when schema.IsNumeric:
                    for (var r = 0; r < values.Length; r++) values[r] = numeric[r];
                    break;
                case CategoricalColumn categorical when schema.IsCategorical:
                    var map = categorical.Levels.Select(l => IndexOf(schema.Levels, l)).ToArray();
                    for (var r = 0; r < values.Length; r++)
                    {
                        var code = categorical.Code(r);
                        values[r] = code < 0 || map[code] < 0 ? double.NaN : map[code];
                    }
                    break;
                default:
                    throw new SynthesisException($"Column '{schema.Name}' is {column.Type} in the table but {schema.Type} in the model.");
            }
            result[i] = values;
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> levels, string level)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i] == level) return i;
        }
        return -1;
    }

    /// <summary>
    /// A table in the real table's column order and types from generated learned columns (values or
    /// level codes, NaN missing): numbers clamped to the real range and rounded to the real precision,
    /// codes outside the real levels made missing, identifiers numbered from <paramref name="firstId"/>.
    /// </summary>
    public DataTable Build(IReadOnlyList<double[]> learned, long firstId = 1)
    {
        ArgumentNullException.ThrowIfNull(learned);
        if (learned.Count != Learned.Count)
            throw new ArgumentException($"Expected {Learned.Count} learned columns, got {learned.Count}.", nameof(learned));
        var rows = learned[0].Length;
        var columns = new List<Column>(Columns.Count);
        var next = 0;
        foreach (var schema in Columns)
        {
            if (schema.IsIdentifier)
            {
                var ids = new string?[rows];
                for (var r = 0; r < rows; r++) ids[r] = IdentifierPrefix + (firstId + r).ToString(CultureInfo.InvariantCulture);
                columns.Add(new IdentifierColumn(schema.Name, ids));
                continue;
            }
            var values = learned[next++];
            if (values.Length != rows) throw new ArgumentException("Generated columns differ in length.", nameof(learned));
            if (schema.IsCategorical)
            {
                var codes = new int[rows];
                for (var r = 0; r < rows; r++)
                {
                    var v = values[r];
                    codes[r] = double.IsNaN(v) || v < 0 || v >= schema.Levels.Count ? -1 : (int)v;
                }
                columns.Add(new CategoricalColumn(schema.Name, schema.Type, schema.Levels, codes));
            }
            else
            {
                var restored = new double[rows];
                for (var r = 0; r < rows; r++) restored[r] = schema.Restore(values[r]);
                columns.Add(new NumericColumn(schema.Name, schema.Type, restored));
            }
        }
        return new DataTable(columns);
    }

    public JsonObject ToJson()
    {
        var columns = new JsonArray();
        foreach (var c in Columns)
        {
            var o = new JsonObject { ["name"] = c.Name, ["type"] = c.Type.ToString().ToLowerInvariant() };
            if (!c.IsIdentifier) o["missing_rate"] = c.MissingRate;
            if (c.IsNumeric)
            {
                o["min"] = c.Min;
                o["max"] = c.Max;
                o["decimals"] = c.Decimals;
            }
            if (c.IsCategorical)
            {
                o["levels"] = new JsonArray(c.Levels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
                o["level_shares"] = new JsonArray(c.LevelShares.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
            }
            columns.Add(o);
        }
        return new JsonObject { ["rows"] = RowCount, ["columns"] = columns };
    }

    /// <exception cref="SynthesisException">The JSON is not a schema.</exception>
    public static TableSchema FromJson(JsonNode? node)
    {
        try
        {
            var columns = node.RequiredArray("columns").Select((column, i) =>
            {
                var n = column ?? throw new InvalidDataException($"schema column {i + 1} is null");
                var type = Enum.Parse<ColumnType>(n.Required<string>("type"), ignoreCase: true);
                return new ColumnSchema
                {
                    Name = n.Required<string>("name"),
                    Type = type,
                    MissingRate = n["missing_rate"]?.GetValue<double>() ?? 0,
                    Min = n["min"]?.GetValue<double>() ?? 0,
                    Max = n["max"]?.GetValue<double>() ?? 0,
                    Decimals = n["decimals"]?.GetValue<int>() ?? 0,
                    Levels = n["levels"]?.AsArray().Values<string>() ?? [],
                    LevelShares = n["level_shares"]?.AsArray().Values<double>() ?? [],
                };
            }).ToArray();
            return new TableSchema(columns, node.Required<int>("rows"));
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or ArgumentException or JsonException)
        {
            throw new SynthesisException($"The model's schema is damaged: {e.Message}", e);
        }
    }
}
