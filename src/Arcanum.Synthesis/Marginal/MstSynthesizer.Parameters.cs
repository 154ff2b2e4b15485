using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// MST's parameters in synthesizer.json: the privacy ledger (budget, split, mechanisms) and a statement of what is
/// public, the settings, each column's cells and merged groups, the tree and its potentials.
/// </summary>
public sealed partial class MstSynthesizer
{
    /// <summary>What the released model rests on besides the measured, noisy counts, in words for the model folder.</summary>
    public IReadOnlyList<string> PublicFacts() => _columns.PublicFacts(Schema);

    public JsonObject ParametersJson()
    {
        return new JsonObject
        {
            ["privacy"] = _columns.PrivacyJson(Schema, Ledger),
            ["bins"] = Options.Bins,
            ["range_share"] = Options.RangeShare,
            ["iterations"] = Options.Iterations,
            ["total"] = Total,
            ["columns"] = _columns.ToJson(Schema),
            ["pairs"] = new JsonArray([.. _model.Edges.Select(e => (JsonNode)new JsonArray(Schema.Learned[e.A].Name, Schema.Learned[e.B].Name))]),
            ["node_potentials"] = Matrix(_model.NodePotentials),
            ["pair_potentials"] = Matrix(_model.EdgePotentials),
        };
    }

    /// <summary>A fitted MST from its folder's header; it needs no other file.</summary>
    /// <exception cref="SynthesisException">The header is another kind's, or its parameters are damaged or do not match its schema.</exception>
    public static MstSynthesizer Load(SynthesizerHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Kind != KindName) throw new SynthesisException($"The model is a '{header.Kind}' synthesizer, not MST ('{KindName}').");
        var p = header.Parameters;
        try
        {
            var ledger = PrivacyLedger.FromJson(p["privacy"]);
            var options = new MstOptions
            {
                Epsilon = ledger.Epsilon, Delta = ledger.Delta, Bins = p.Required<int>("bins"),
                RangeShare = p.Required<double>("range_share"), Iterations = p.Required<int>("iterations"),
            };
            options.Validate();
            var columns = MarginalColumns.FromJson(p.Required("columns"), header.Schema, "MST");
            var learned = header.Schema.Learned;
            var index = learned.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
            var edges = p.RequiredArray("pairs").Select(e => (index[e.Array()[0].Value<string>()], index[e.Array()[1].Value<string>()])).ToArray();
            var model = new TreeModel(columns.ModelSizes, edges);
            Fill(model.NodePotentials, p.Required("node_potentials"), "column");
            Fill(model.EdgePotentials, p.Required("pair_potentials"), "pair");
            return new MstSynthesizer(header.Schema, header.Training, options, ledger, columns, model, p.Required<double>("total"));
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException or JsonException or IndexOutOfRangeException)
        {
            throw new SynthesisException($"MST's parameters are damaged: {e.Message}", e);
        }
    }

    private static void Fill(double[][] target, JsonNode node, string what)
    {
        var rows = node.AsArray();
        if (rows.Count != target.Length) throw new SynthesisException($"MST has {rows.Count} {what} potentials, not {target.Length}.");
        for (var i = 0; i < rows.Count; i++)
        {
            var values = rows[i].Array();
            if (values.Count != target[i].Length) throw new SynthesisException($"MST's {what} potential {i + 1} has {values.Count} cells, not {target[i].Length}.");
            for (var c = 0; c < values.Count; c++) target[i][c] = values[c].Value<double>();
        }
    }

    private static JsonArray Matrix(double[][] rows) =>
        new([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v))]))]);

}
