using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// The learned columns of a marginal model as cells: each column's bins or levels, its merged groups, and where its
/// cells came from. It turns rows into cells and cells back into values, conditions into evidence, and states what
/// the model rests on besides its noisy counts.
/// </summary>
internal sealed class MarginalColumns
{
    public MarginalColumns(ColumnBins[] bins, CellGroups[] groups, string[] sources)
    {
        if (groups.Length != bins.Length || sources.Length != bins.Length) throw new ArgumentException("Every column needs its bins, groups and source.", nameof(groups));
        Bins = bins;
        Groups = groups;
        Sources = sources;
    }

    public ColumnBins[] Bins { get; }

    public CellGroups[] Groups { get; }

    public string[] Sources { get; }

    public int[] ModelSizes => [.. Groups.Select(g => g.ModelCells)];

    /// <exception cref="ArgumentException">The columns do not fit the schema or the model's sizes.</exception>
    public void Check(TableSchema schema, int[] modelSizes)
    {
        if (Bins.Length != schema.Learned.Count || modelSizes.Length != Bins.Length)
            throw new ArgumentException($"The model has {Bins.Length} columns; the schema learns {schema.Learned.Count}.", nameof(schema));
        for (var i = 0; i < Bins.Length; i++)
        {
            if (Groups[i].OriginalCells != Bins[i].Cells || modelSizes[i] != Groups[i].ModelCells)
                throw new ArgumentException($"Column '{schema.Learned[i].Name}' has {Bins[i].Cells} cells, grouped into {Groups[i].ModelCells}, but the model has {modelSizes[i]}.", nameof(modelSizes));
        }
    }

    /// <summary>Columns whose levels were read from the data.</summary>
    public IReadOnlyList<string> LevelsReadFromData(TableSchema schema) =>
        [.. schema.Learned.Where((c, i) => c.IsCategorical && Sources[i].StartsWith("levels read", StringComparison.Ordinal)).Select(c => c.Name)];

    /// <summary>The model folder's privacy record: the ledger, what was taken as public, and what the guarantee does not cover.</summary>
    public JsonObject PrivacyJson(TableSchema schema, PrivacyLedger ledger)
    {
        var privacy = ledger.ToJson();
        privacy["public"] = Strings(PublicFacts(schema));
        privacy["not_covered"] = Strings(LevelsReadFromData(schema).Select(c => $"which levels '{c}' has (read from the data)")
            .Append("decimal places of numbers without public decimals"));
        return privacy;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    /// <summary>What the released model rests on besides the measured, noisy counts, in words for the model folder.</summary>
    public IReadOnlyList<string> PublicFacts(TableSchema schema)
    {
        var facts = new List<string>
        {
            "Column names, order and types, and which columns are identifiers (never learned), are taken as public.",
            "The row count is released only as the model's noisy estimate; the ranges, level shares and missing rates in the schema are the model's, not the real table's.",
        };
        for (var i = 0; i < Sources.Length; i++) facts.Add($"{schema.Learned[i].Name}: {Sources[i]}.");
        if (schema.Learned.Any(c => c.IsNumeric))
            facts.Add("Decimal places of numbers are read from the data unless the public domain gives them (a display precision, not covered by the guarantee).");
        return facts;
    }

    /// <summary>The evidence a constraint puts on its column's model cells; null when the column is not the model's.</summary>
    public double[]? Evidence(TableSchema schema, ColumnConstraint constraint)
    {
        var i = constraint.LearnedIndex;
        if (i < 0 || i >= Bins.Length || schema.Learned[i].Name != constraint.Column.Name) return null;
        return Groups[i].Evidence(CellGroups.Coverage(Bins[i], constraint));
    }

    /// <summary>Rows from model cells: each cell decoded to an original cell and a value, meeting the constraints where given.</summary>
    /// <summary>
    /// The first measurement of MST and AIM: every column's one-way marginal with Gaussian noise (one sigma spending
    /// <paramref name="rho"/> over all columns), recorded in the ledger; then each column's cells are merged by those
    /// noisy counts (ordered bins with their neighbours, levels as in the paper: the rare ones into one cell).
    /// Returns the merges, the merged measurements, every row's merged cell per column, and the sigma.
    /// </summary>
    public static (CellGroups[] Groups, List<Measurement> Measurements, int[][] Cells, double Sigma) MeasureOneWay(DiscreteTable discrete, double rho,
        PrivacyLedger ledger, Random noise)
    {
        var d = discrete.Bins.Length;
        var sigma = Math.Sqrt(d / (2 * rho));
        var groups = new CellGroups[d];
        var measurements = new List<Measurement>();
        var cells = new int[d][];
        for (var a = 0; a < d; a++)
        {
            var measured = Measurement.Measure([a], Contingency.Count(discrete.Cells[a], discrete.Bins[a].Cells), sigma, noise);
            (groups[a], var compressed) = discrete.Bins[a].Kind == BinKind.Categorical ? CellGroups.Compress(measured) : CellGroups.MergeAdjacent(measured);
            measurements.Add(compressed);
            cells[a] = groups[a].ToModel(discrete.Cells[a]);
        }
        ledger.Spend("one-way marginals", "Gaussian", rho, sigma, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d} marginals, sigma {sigma:0.###} on each cell"));
        return (groups, measurements, cells, sigma);
    }

    /// <summary>The constraints a model over these columns serves natively: those whose evidence some cell can meet.</summary>
    public IReadOnlyList<ColumnConstraint> NativelyServed(TableSchema schema, RowConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return [.. conditions.Constraints.Where(c => Evidence(schema, c) is { } e && e.Any(w => w > 0))];
    }

    /// <summary>
    /// Rows drawn from <paramref name="model"/>, conditioned on every constraint it serves (MST's tree and AIM's junction
    /// tree alike). Same seed, same rows.
    /// </summary>
    public DataTable Generate<TBeliefs>(IPotentialModel<TBeliefs> model, TBeliefs beliefs, TableSchema schema, int count, RowConditions? conditions, int seed)
        where TBeliefs : class
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var constraints = new ColumnConstraint?[model.Sizes.Length];
        var evidence = new double[]?[model.Sizes.Length];
        foreach (var constraint in conditions?.Constraints ?? [])
        {
            if (Evidence(schema, constraint) is not { } weights) continue;
            (constraints[constraint.LearnedIndex], evidence[constraint.LearnedIndex]) = (constraint, weights);
        }
        if (evidence.Any(e => e is not null))
        {
            if (model.Infer(evidence) is { } conditioned) beliefs = conditioned;
            // The model gives the condition no probability: draw freely and let the sampler's filter report it as too rare.
            else Array.Clear(constraints);
        }
        return Decode(schema, model.Sample(beliefs, count, random), count, constraints, random);
    }

    public DataTable Decode(TableSchema schema, int[][] cells, int count, ColumnConstraint?[] constraints, Random random)
    {
        var learned = new double[Bins.Length][];
        for (var i = 0; i < Bins.Length; i++)
        {
            var coverage = constraints[i] is { } c ? CellGroups.Coverage(Bins[i], c) : null;
            learned[i] = new double[count];
            for (var r = 0; r < count; r++) learned[i][r] = Bins[i].Decode(Groups[i].Decode(cells[i][r], random, coverage), random, constraints[i]);
        }
        return schema.Build(learned);
    }

    /// <summary>
    /// The schema to release: the real schema's names, types and identifiers; levels, bounds and decimals as
    /// discretised; missing rates and level shares from the model's one-way marginals; the model's row count.
    /// </summary>
    public static TableSchema Release(TableSchema schema, DiscreteTable discrete, CellGroups[] groups, Func<int, double[]> oneWay, double total)
    {
        var learned = new List<ColumnSchema>();
        for (var i = 0; i < discrete.Bins.Length; i++)
        {
            var p = groups[i].Expand(oneWay(i));
            var missing = p[discrete.Bins[i].MissingCell];
            var present = 1 - missing;
            var column = discrete.Columns[i] with { MissingRate = missing, LevelShares = [] };
            if (column.IsCategorical)
                column = column with { LevelShares = [.. p.Take(discrete.Bins[i].Bins).Select(s => present > 0 ? s / present : 0)] };
            learned.Add(column);
        }
        var next = 0;
        var columns = schema.Columns.Select(c => c.IsIdentifier ? c : learned[next++]).ToArray();
        return new TableSchema(columns, (int)Math.Round(total));
    }

    public JsonArray ToJson(TableSchema schema)
    {
        var columns = new JsonArray();
        for (var i = 0; i < Bins.Length; i++)
        {
            var o = new JsonObject { ["name"] = schema.Learned[i].Name, ["source"] = Sources[i] };
            foreach (var (key, value) in Bins[i].ToJson()) o[key] = value?.DeepClone();
            foreach (var (key, value) in Groups[i].ToJson()) o[key] = value?.DeepClone();
            columns.Add(o);
        }
        return columns;
    }

    /// <exception cref="SynthesisException">The columns do not match the schema.</exception>
    public static MarginalColumns FromJson(JsonNode node, TableSchema schema, string model)
    {
        var learned = schema.Learned;
        var columns = node.AsArray();
        if (columns.Count != learned.Count) throw new SynthesisException($"{model}'s parameters describe {columns.Count} columns; its schema learns {learned.Count}.");
        var bins = new ColumnBins[columns.Count];
        var groups = new CellGroups[columns.Count];
        var sources = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i]!;
            var name = c.Required<string>("name");
            if (name != learned[i].Name) throw new SynthesisException($"{model}'s column {i + 1} is '{name}'; its schema says '{learned[i].Name}'.");
            bins[i] = ColumnBins.FromJson(c);
            if ((bins[i].Kind == BinKind.Categorical) != learned[i].IsCategorical || (learned[i].IsCategorical && bins[i].Bins != learned[i].Levels.Count))
                throw new SynthesisException($"{model}'s cells of '{name}' do not fit its schema type {learned[i].Type}.");
            groups[i] = CellGroups.FromJson(c);
            sources[i] = c.Required<string>("source");
        }
        return new MarginalColumns(bins, groups, sources);
    }
}
