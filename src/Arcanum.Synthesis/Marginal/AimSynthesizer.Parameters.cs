using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// AIM's parameters in synthesizer.json: the privacy ledger (budget and every round's spend) with what is public, the
/// settings, each column's cells and merged groups, the measured cliques and their potentials.
/// </summary>
public sealed partial class AimSynthesizer
{
    public JsonObject ParametersJson()
    {
        return new JsonObject
        {
            ["privacy"] = _columns.PrivacyJson(Schema, Ledger),
            ["bins"] = Options.Bins,
            ["range_share"] = Options.RangeShare,
            ["max_model_size_mb"] = Options.MaxModelSize,
            ["max_triple_columns"] = Options.MaxTripleColumns,
            ["rounds_per_column"] = Options.RoundsPerColumn,
            ["one_way_share"] = Options.OneWayShare,
            ["round_iterations"] = Options.RoundIterations,
            ["iterations"] = Options.Iterations,
            ["rounds"] = Rounds,
            ["total"] = Total,
            ["columns"] = _columns.ToJson(Schema),
            ["cliques"] = new JsonArray([.. _model.Cliques.Select(c => (JsonNode)new JsonArray([.. c.Select(a => (JsonNode)JsonValue.Create(Schema.Learned[a].Name))]))]),
            ["potentials"] = new JsonArray([.. _model.Potentials.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v))]))]),
        };
    }

    /// <summary>A fitted AIM from its folder's header; it needs no other file.</summary>
    /// <exception cref="SynthesisException">The header is another kind's, or its parameters are damaged or do not match its schema.</exception>
    public static AimSynthesizer Load(SynthesizerHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Kind != KindName) throw new SynthesisException($"The model is a '{header.Kind}' synthesizer, not AIM ('{KindName}').");
        var p = header.Parameters;
        try
        {
            var ledger = PrivacyLedger.FromJson(p["privacy"]);
            var options = new AimOptions
            {
                Epsilon = ledger.Epsilon, Delta = ledger.Delta, Bins = p.Required<int>("bins"), RangeShare = p.Required<double>("range_share"),
                MaxModelSize = p.Required<double>("max_model_size_mb"), MaxTripleColumns = p.Required<int>("max_triple_columns"),
                RoundsPerColumn = p.Required<int>("rounds_per_column"), OneWayShare = p.Required<double>("one_way_share"), RoundIterations = p.Required<int>("round_iterations"),
                Iterations = p.Required<int>("iterations"),
            };
            options.Validate();
            var columns = MarginalColumns.FromJson(p.Required("columns"), header.Schema, "AIM");
            var index = header.Schema.Learned.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
            var cliques = p.RequiredArray("cliques").Select(c => c.Array().Select(a => index[a.Value<string>()]).ToArray()).ToArray();
            var model = new CliqueModel(columns.ModelSizes, cliques);
            var rows = p.RequiredArray("potentials");
            if (rows.Count != model.Potentials.Length) throw new SynthesisException($"AIM has {rows.Count} potentials, not {model.Potentials.Length}.");
            for (var i = 0; i < rows.Count; i++)
            {
                var values = rows[i].Array();
                if (values.Count != model.Potentials[i].Length) throw new SynthesisException($"AIM's potential {i + 1} has {values.Count} cells, not {model.Potentials[i].Length}.");
                for (var c = 0; c < values.Count; c++) model.Potentials[i][c] = values[c].Value<double>();
            }
            return new AimSynthesizer(header.Schema, header.Training, options, ledger, columns, model, p.Required<double>("total"), p.Required<int>("rounds"));
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException or JsonException or IndexOutOfRangeException)
        {
            throw new SynthesisException($"AIM's parameters are damaged: {e.Message}", e);
        }
    }

}
