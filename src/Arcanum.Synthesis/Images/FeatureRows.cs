namespace Arcanum.Synthesis.Images;

/// <summary>Argument checks shared by the image statistics, which take row-major <c>float[count × d]</c>.</summary>
internal static class FeatureRows
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="values"/> holds exactly <paramref name="count"/>
    /// rows of <paramref name="dimensions"/> finite numbers. A NaN would otherwise flow silently into every mean and
    /// distance.
    /// </summary>
    public static void Check(
        float[] values, int count, int dimensions, int minimumCount, string valuesName, string countName)
    {
        ArgumentNullException.ThrowIfNull(values, valuesName);
        if (count < minimumCount)
            throw new ArgumentException($"{valuesName} needs at least {minimumCount} row(s); got {count}.", countName);
        var expected = (long)count * dimensions;
        if (values.Length != expected)
        {
            throw new ArgumentException(
                $"{valuesName} holds {values.Length} values, but {count} rows of {dimensions} dimensions " +
                $"are {expected}.",
                valuesName);
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{valuesName} row {i / dimensions}, dimension {i % dimensions} is not a finite number; " +
                    "features must be finite.",
                    valuesName);
            }
        }
    }
}
