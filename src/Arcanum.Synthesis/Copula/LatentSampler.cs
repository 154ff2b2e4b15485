using System.Runtime.CompilerServices;

namespace Arcanum.Synthesis.Copula;

/// <summary>
/// Draws latent rows z ~ N(0, R), restricted to a box: a union of intervals on each constrained dimension.
/// The dimensions are reordered constrained-first and R factored as L·Lᵀ in that order, so that the free
/// dimensions given the constrained ones are exact: z_F = L_FC·w + L_FF·ε with L_CC·w = z_C. The
/// constrained ones come from a Gibbs sampler on N(0, R_CC) truncated to the box (exact truncated-normal
/// draws of each dimension given the others), started at the feasible point nearest the origin, run
/// through a burn-in and thinned, with several chains taking turns. With one constrained dimension every
/// draw is exact and independent, so there is no chain at all.
/// </summary>
internal sealed class LatentSampler
{
    private readonly int _dimensions;
    private readonly int[] _order;
    private readonly Interval[][] _sets;
    private readonly double[,] _lower;
    private readonly double[,] _precision;
    private readonly int _burnIn;
    private readonly int _thin;
    private readonly int _chains;

    /// <param name="correlation">The latent correlation, positive definite.</param>
    /// <param name="sets">Constrained dimensions and where each may go (each set non-empty).</param>
    /// <param name="burnIn">Sweeps each chain makes before its first row.</param>
    /// <param name="thin">Sweeps between two rows of one chain.</param>
    /// <param name="chains">Chains that take turns giving rows.</param>
    public LatentSampler(double[,] correlation, IReadOnlyDictionary<int, Interval[]> sets, int burnIn, int thin, int chains)
    {
        _dimensions = correlation.GetLength(0);
        var constrained = sets.Keys.Order().ToArray();
        _order = [.. constrained, .. Enumerable.Range(0, _dimensions).Except(constrained)];
        _sets = constrained.Select(d => sets[d]).ToArray();
        var permuted = new double[_dimensions, _dimensions];
        for (var i = 0; i < _dimensions; i++)
        {
            for (var j = 0; j < _dimensions; j++) permuted[i, j] = correlation[_order[i], _order[j]];
        }
        _lower = Cholesky.DecomposeClamped(permuted, 1e-10);
        _precision = Cholesky.InverseOfProduct(_lower, constrained.Length);
        var exact = constrained.Length <= 1;
        _burnIn = exact ? 0 : burnIn;
        _thin = exact ? 1 : thin;
        _chains = exact ? 1 : chains;
    }

    /// <summary>Draws <paramref name="count"/> rows in order, handing each to <paramref name="row"/> (the array is reused).</summary>
    public void Sample(int count, Random random, Action<double[]> row)
    {
        var c = _sets.Length;
        var chains = Math.Max(1, Math.Min(_chains, count));
        var states = new double[chains][];
        for (var k = 0; k < chains; k++)
        {
            states[k] = _sets.Select(LatentSet.NearestToZero).ToArray();
            for (var sweep = 0; sweep < _burnIn; sweep++) Sweep(states[k], random);
        }
        var eta = new double[_dimensions];
        var permuted = new double[_dimensions];
        var z = new double[_dimensions];
        for (var r = 0; r < count; r++)
        {
            if (c > 0)
            {
                var state = states[r % chains];
                for (var sweep = 0; sweep < _thin; sweep++) Sweep(state, random);
                for (var i = 0; i < c; i++)
                {
                    var sum = state[i];
                    for (var k = 0; k < i; k++) sum -= _lower[i, k] * eta[k];
                    eta[i] = sum / _lower[i, i];
                    permuted[i] = state[i];
                }
            }
            for (var i = c; i < _dimensions; i++) eta[i] = random.NextNormal();
            for (var i = c; i < _dimensions; i++)
            {
                var sum = 0.0;
                for (var k = 0; k <= i; k++) sum += _lower[i, k] * eta[k];
                permuted[i] = sum;
            }
            for (var i = 0; i < _dimensions; i++) z[_order[i]] = permuted[i];
            row(z);
        }
    }

    /// <summary>One Gibbs sweep: each constrained dimension from its normal conditional given the others, truncated to its set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sweep(double[] state, Random random)
    {
        for (var i = 0; i < state.Length; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < state.Length; j++)
            {
                if (j != i) sum += _precision[i, j] * state[j];
            }
            var mean = -sum / _precision[i, i];
            var sd = 1 / Math.Sqrt(_precision[i, i]);
            state[i] = TruncatedNormal.Sample(mean, sd, _sets[i], random);
        }
    }
}
