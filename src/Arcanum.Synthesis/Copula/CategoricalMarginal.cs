using System.Text.Json.Nodes;
using Arcanum.Synthesis.Conditions;

namespace Arcanum.Synthesis.Copula;

/// <summary>A categorical or binary column: its levels, and missing as one more, laid out on the unit interval by frequency.</summary>
internal sealed class CategoricalMarginal : IMarginal
{
    /// <summary>The code of "missing" in the layout.</summary>
    public const int Missing = -1;

    public CategoricalMarginal(IntervalCoding coding) => Coding = coding;

    public IntervalCoding Coding { get; }

    public int Dimensions => 1;

    /// <summary>The layout of the column's level codes (NaN missing), and each row's latent value with the interval it must stay in.</summary>
    public static (CategoricalMarginal Marginal, LatentColumn Latent) Fit(double[] values, Random random)
    {
        var codes = values.Select(v => double.IsNaN(v) ? Missing : (int)v).ToArray();
        var coding = IntervalCoding.FromObserved(codes);
        return (new CategoricalMarginal(coding), Encode(coding, codes, random));
    }

    /// <summary>Each row's latent: a uniform draw inside its value's interval, through Φ⁻¹; the interval bounds it.</summary>
    internal static LatentColumn Encode(IntervalCoding coding, int[] codes, Random random)
    {
        var latent = new LatentColumn(new double[codes.Length], new double[codes.Length], new double[codes.Length]);
        for (var r = 0; r < codes.Length; r++)
        {
            latent.Values[r] = coding.Encode(codes[r], random);
            (latent.Lower[r], latent.Upper[r]) = coding.Bounds(codes[r]);
        }
        return latent;
    }

    public double Decode(ReadOnlySpan<double> latent)
    {
        var code = Coding.Decode(latent[0]);
        return code == Missing ? double.NaN : code;
    }

    public Interval[]?[]? Constrain(ColumnConstraint constraint)
    {
        if (constraint.Allowed is not { } allowed) return null;
        var set = Coding.Latent(code => code >= 0 && code < allowed.Length && allowed[code]);
        return set.Length == 0 ? null : [set];
    }

    public JsonObject ToJson()
    {
        var o = Coding.ToJson();
        o["kind"] = "categorical";
        return o;
    }
}
