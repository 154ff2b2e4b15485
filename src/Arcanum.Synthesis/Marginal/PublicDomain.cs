using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// What the user declares public about the columns, so a marginal synthesizer need not read it from the data:
/// the levels of a category, the bounds of a number or date, and optionally how many bins and decimals.
/// Read from a JSON file such as
/// <c>{"columns": {"sex": {"levels": ["F", "M"]}, "age": {"min": 18, "max": 100, "bins": 20}, "crp": {"min": 0, "max": 500, "scale": "log"},
/// "visit": {"min": "2010-01-01", "max": "2020-12-31"}}}</c>.
/// The file must not be derived from the private table itself: its contents are released with the model as they are.
/// </summary>
public sealed class PublicDomain
{
    private readonly Dictionary<string, ColumnDomain> _columns;

    public PublicDomain(IReadOnlyDictionary<string, ColumnDomain> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = new Dictionary<string, ColumnDomain>(columns, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ColumnDomain> Columns => _columns;

    public ColumnDomain? Find(string column) => _columns.GetValueOrDefault(column);

    /// <exception cref="SynthesisException">The file is missing or not a domain.</exception>
    public static PublicDomain Load(string path)
    {
        if (!File.Exists(path)) throw new SynthesisException($"Domain file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <exception cref="SynthesisException">The text is not a domain: what is wrong, and where.</exception>
    public static PublicDomain Parse(string json, string name = "the domain")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SynthesisException($"{name} is not valid JSON: {e.Message}", e);
        }
        if (root?["columns"] is not JsonObject columns)
            throw new SynthesisException($"{name} has no \"columns\" object; write {{\"columns\": {{\"age\": {{\"min\": 18, \"max\": 100}}, \"sex\": {{\"levels\": [\"F\", \"M\"]}}}}}}.");
        var result = new Dictionary<string, ColumnDomain>(StringComparer.Ordinal);
        foreach (var (column, node) in columns)
        {
            if (node is not JsonObject o) throw new SynthesisException($"{name}: column '{column}' must be an object with levels, or min and max.");
            try
            {
                result[column] = new ColumnDomain
                {
                    Levels = o["levels"]?.AsArray().Values<string>(),
                    Min = Bound(o["min"]),
                    Max = Bound(o["max"]),
                    Bins = o["bins"]?.GetValue<int>(),
                    Decimals = o["decimals"]?.GetValue<int>(),
                    LogScale = o["scale"]?.GetValue<string>() switch
                    {
                        null or "linear" => false,
                        "log" => true,
                        var other => throw new FormatException($"scale '{other}' is neither \"linear\" nor \"log\""),
                    },
                };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new SynthesisException($"{name}: column '{column}' is not understood ({e.Message}). Levels are a list of strings; min and max numbers or dates (yyyy-MM-dd); bins and decimals whole numbers.", e);
            }
        }
        return new PublicDomain(result);
    }

    /// <summary>A number, or a date as days since 1970-01-01 (how the tables store dates).</summary>
    private static double? Bound(JsonNode? node)
    {
        if (node is null) return null;
        if (node.GetValueKind() == JsonValueKind.String)
        {
            var text = node.GetValue<string>();
            if (!DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
                throw new FormatException($"'{text}' is neither a number nor a date yyyy-MM-dd");
            return (date - DateTime.UnixEpoch).TotalDays;
        }
        return node.GetValue<double>();
    }

    /// <summary>Checks the domain against the columns a model learns: every named column exists and is described as its type needs.</summary>
    /// <exception cref="SynthesisException">An unknown or identifier column, levels for a number, bounds for a category, or bad bounds or bins.</exception>
    public void Validate(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var (name, domain) in _columns)
        {
            var column = schema.Find(name)
                ?? throw new SynthesisException($"The domain names column '{name}', which the table does not have. Columns: {string.Join(", ", schema.Learned.Select(c => c.Name))}.");
            if (column.IsIdentifier) throw new SynthesisException($"The domain describes '{name}', an identifier column, which is never learned.");
            domain.Validate(column);
        }
    }
}

/// <summary>The public facts about one column: levels (categories), or bounds with optional bins and decimals (numbers and dates).</summary>
public sealed record ColumnDomain
{
    public IReadOnlyList<string>? Levels { get; init; }

    /// <summary>The smallest possible value (days since 1970-01-01 for dates).</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Bins between the bounds; the synthesizer's default when null.</summary>
    public int? Bins { get; init; }

    /// <summary>Decimal places of the values; read from the data when null.</summary>
    public int? Decimals { get; init; }

    /// <summary>
    /// Bins whose widths grow by half an octave from <see cref="Min"/> ("scale": "log"), for values piled up near the
    /// minimum with a long tail (many lab values, counts, doses); equal widths otherwise.
    /// </summary>
    public bool LogScale { get; init; }

    /// <summary>Whether the bounds are given (both are needed).</summary>
    public bool HasBounds => Min is not null && Max is not null;

    internal void Validate(ColumnSchema column)
    {
        var name = column.Name;
        if (column.IsCategorical)
        {
            if (Min is not null || Max is not null || Bins is not null || Decimals is not null)
                throw new SynthesisException($"The domain gives bounds, bins or decimals for '{name}', which holds categories; give its levels instead.");
            if (Levels is null || Levels.Count == 0) throw new SynthesisException($"The domain of '{name}' needs its levels: \"levels\": [\"a\", \"b\"].");
            if (Levels.Distinct(StringComparer.Ordinal).Count() != Levels.Count) throw new SynthesisException($"The domain lists a level of '{name}' twice.");
            return;
        }
        if (Levels is not null) throw new SynthesisException($"The domain gives levels for '{name}', which holds {(column.Type == ColumnType.Date ? "dates" : "numbers")}; give \"min\" and \"max\" instead.");
        if ((Min is null) != (Max is null)) throw new SynthesisException($"The domain of '{name}' gives only one bound; give both \"min\" and \"max\".");
        if (HasBounds && !(double.IsFinite(Min!.Value) && double.IsFinite(Max!.Value) && Min < Max))
            throw new SynthesisException(FormattableString.Invariant($"The domain of '{name}' needs min below max, not {Min} and {Max}."));
        if (LogScale && !HasBounds) throw new SynthesisException($"The domain of '{name}' asks for a log scale without bounds; give \"min\" and \"max\" too.");
        if (Bins is < 1 or > 1000) throw new SynthesisException($"The domain gives '{name}' {Bins} bins; use 1 to 1000.");
        if (Decimals is < 0 or > 15) throw new SynthesisException($"The domain gives '{name}' {Decimals} decimals; use 0 to 15.");
    }
}
