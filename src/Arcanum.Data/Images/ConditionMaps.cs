namespace Arcanum.Data.Images;

/// <summary>
/// The conditioning input of a mask-conditioned generator: per slice two channels of 0/1 floats, channel 0 the
/// brain outline and channel 1 the tumour, [Count x 2 x Size x Size] row-major like <see cref="LoadedImages"/>.
/// </summary>
public static class ConditionMaps
{
    /// <summary>The brain channel.</summary>
    public const int BrainChannel = 0;

    /// <summary>The tumour channel.</summary>
    public const int TumourChannel = 1;

    /// <summary>
    /// Stacks <paramref name="brain"/> and <paramref name="tumour"/> (each [Count x Size x Size], nonzero is 1)
    /// into [Count x 2 x Size x Size]. Tumour pixels are set in the brain channel too, so that an edited tumour
    /// that reaches past the outline still describes a tumour inside a brain.
    /// </summary>
    /// <exception cref="ArgumentException">A mask's length is not count x size x size.</exception>
    public static float[] Build(byte[] brain, byte[] tumour, int count, int size)
    {
        ArgumentNullException.ThrowIfNull(brain);
        ArgumentNullException.ThrowIfNull(tumour);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var area = size * size;
        if (brain.Length != (long)count * area || tumour.Length != (long)count * area)
            throw new ArgumentException($"{count} slices of {size}x{size} need {(long)count * area} mask values each, "
                + $"but the brain masks have {brain.Length} and the tumour masks {tumour.Length}.");
        if ((long)count * 2 * area > Array.MaxLength)
            throw new ArgumentException($"{count} condition maps of 2x{size}x{size} do not fit in one array; build "
                + "them in smaller batches.");
        var maps = new float[count * 2 * area];
        for (var n = 0; n < count; n++)
        {
            var brainPlane = maps.AsSpan((n * 2 + BrainChannel) * area, area);
            var tumourPlane = maps.AsSpan((n * 2 + TumourChannel) * area, area);
            for (var k = 0; k < area; k++)
            {
                var isTumour = tumour[n * area + k] != 0;
                tumourPlane[k] = isTumour ? 1f : 0f;
                brainPlane[k] = isTumour || brain[n * area + k] != 0 ? 1f : 0f;
            }
        }
        return maps;
    }
}
