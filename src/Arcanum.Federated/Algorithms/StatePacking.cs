using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// Strategy state as one flat <see cref="ModelWeights"/>: each part's arrays get a prefix
/// ("m/fc.weight", "v/fc.weight"), so a checkpoint is just named arrays.
/// </summary>
internal static class StatePacking
{
    public static ModelWeights Empty => new([]);

    /// <summary>Copies the parts under their prefixes; empty when the state is not initialised.</summary>
    public static ModelWeights Pack(params (string Prefix, ModelWeights? Part)[] parts)
    {
        if (parts.Any(p => p.Part is null)) return Empty;
        return new ModelWeights(parts.SelectMany(p => p.Part!.Arrays.Select(a =>
            new NamedArray(p.Prefix + a.Name, (int[])a.Shape.Clone(), (float[])a.Data.Clone()))));
    }

    /// <summary>
    /// Splits <paramref name="state"/> into copies of its parts, in the order of
    /// <paramref name="prefixes"/>; null when the state is empty. Throws when arrays are missing,
    /// unexpected or the parts disagree in layout.
    /// </summary>
    public static ModelWeights[]? Unpack(ModelWeights state, string strategy, params string[] prefixes)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count == 0) return null;
        var parts = prefixes.Select(_ => new List<NamedArray>()).ToArray();
        foreach (var a in state.Arrays)
        {
            var k = Array.FindIndex(prefixes, p => a.Name.StartsWith(p, StringComparison.Ordinal));
            if (k < 0)
                throw new ArgumentException($"The {strategy} state has an unexpected array '{a.Name}'; expected names starting with {string.Join(" or ", prefixes.Select(p => $"'{p}'"))}.");
            parts[k].Add(new NamedArray(a.Name[prefixes[k].Length..], (int[])a.Shape.Clone(), (float[])a.Data.Clone()));
        }
        var result = parts.Select(p => new ModelWeights(p)).ToArray();
        for (var k = 1; k < result.Length; k++)
            Aggregation.WeightMath.EnsureSameLayout(result[0], result[k], $"{strategy} state part '{prefixes[k]}'");
        if (result[0].Count == 0)
            throw new ArgumentException($"The {strategy} state has no arrays starting with '{prefixes[0]}'.");
        return result;
    }
}
