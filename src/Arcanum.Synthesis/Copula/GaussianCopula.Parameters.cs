using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis.Copula;

/// <summary>The copula's parameters in synthesizer.json: the quantile grids, the level layouts and the latent correlation.</summary>
public sealed partial class GaussianCopula
{
    public JsonObject ParametersJson()
    {
        var columns = new JsonArray();
        for (var i = 0; i < _marginals.Count; i++)
        {
            var o = new JsonObject { ["name"] = Schema.Learned[i].Name };
            foreach (var (key, value) in _marginals[i].ToJson()) o[key] = value?.DeepClone();
            columns.Add(o);
        }
        var correlation = new JsonArray();
        for (var i = 0; i < LatentDimensions; i++)
        {
            correlation.Add(new JsonArray(Enumerable.Range(0, LatentDimensions).Select(j => (JsonNode)JsonValue.Create(_correlation[i, j])).ToArray()));
        }
        return new JsonObject
        {
            ["seed"] = _options.Seed,
            ["quantiles"] = _options.Quantiles,
            ["correlation_sweeps"] = _options.CorrelationSweeps,
            ["burn_in"] = _options.BurnIn,
            ["thin"] = _options.Thin,
            ["chains"] = _options.Chains,
            ["correlation_shrinkage"] = Shrinkage,
            ["columns"] = columns,
            ["correlation"] = correlation,
        };
    }

    /// <summary>A fitted copula from its folder's header; it needs no other file.</summary>
    /// <exception cref="SynthesisException">The header is another kind's, or its parameters are damaged or do not match its schema.</exception>
    public static GaussianCopula Load(SynthesizerHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Kind != KindName) throw new SynthesisException($"The model is a '{header.Kind}' synthesizer, not a Gaussian copula ('{KindName}').");
        var p = header.Parameters;
        try
        {
            var options = new CopulaOptions
            {
                Seed = p.Required<int>("seed"),
                Quantiles = p.Required<int>("quantiles"),
                CorrelationSweeps = p.Required<int>("correlation_sweeps"),
                BurnIn = p.Required<int>("burn_in"),
                Thin = p.Required<int>("thin"),
                Chains = p.Required<int>("chains"),
            };
            options.Validate();
            var columns = p.RequiredArray("columns");
            var learned = header.Schema.Learned;
            if (columns.Count != learned.Count)
                throw new SynthesisException($"The copula's parameters describe {columns.Count} columns; its schema learns {learned.Count}.");
            var marginals = new List<IMarginal>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                var c = columns[i]!;
                var name = c.Required<string>("name");
                if (name != learned[i].Name) throw new SynthesisException($"The copula's column {i + 1} is '{name}'; its schema says '{learned[i].Name}'.");
                var kind = c.Required<string>("kind");
                marginals.Add(kind switch
                {
                    "numeric" when learned[i].IsNumeric => new NumericMarginal(learned[i],
                        c.RequiredArray("quantiles").Values<double>(),
                        c["missing"] is { } missing ? IntervalCoding.FromJson(missing) : null),
                    "categorical" when learned[i].IsCategorical => new CategoricalMarginal(IntervalCoding.FromJson(c)),
                    _ => throw new SynthesisException($"The copula's column '{name}' is '{kind}', which does not fit its schema type {learned[i].Type}."),
                });
            }
            var rows = p.RequiredArray("correlation");
            var correlation = new double[rows.Count, rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i].Array();
                if (row.Count != rows.Count) throw new SynthesisException("The copula's latent correlation is not square.");
                for (var j = 0; j < row.Count; j++) correlation[i, j] = row[j].Value<double>();
            }
            return new GaussianCopula(header.Schema, header.Training, options, marginals, correlation, p.Required<double>("correlation_shrinkage"));
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or ArgumentException or JsonException or KeyNotFoundException)
        {
            throw new SynthesisException($"The copula's parameters are damaged: {e.Message}", e);
        }
    }
}
