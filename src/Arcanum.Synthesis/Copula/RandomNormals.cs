using System.Runtime.CompilerServices;

namespace Arcanum.Synthesis.Copula;

/// <summary>Uniforms with 53 random bits and normals by inversion, from a seeded <see cref="Random"/>.</summary>
internal static class RandomNormals
{
    private const long Steps = 1L << 53;

    /// <summary>Uniform on (0, 1): never 0 or 1, so its normal quantile is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double OpenUniform(this Random random) => (random.NextInt64(Steps) + 0.5) * (1.0 / Steps);

    /// <summary>A standard normal draw, Φ⁻¹ of an open uniform.</summary>
    public static double NextNormal(this Random random) => NormalDistribution.Quantile(random.OpenUniform());
}
