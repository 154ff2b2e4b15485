using System.Numerics;

namespace Arcanum.Synthesis.Transform;

/// <summary>One mode of a fitted one-dimensional Gaussian mixture.</summary>
/// <param name="Weight">Mixture weight: the expected stick-breaking weight, normalised so all components sum to 1.</param>
/// <param name="Mean">Posterior mean of the component's location.</param>
/// <param name="StdDev">Square root of the expected covariance (scikit-learn's <c>covariances_</c>), floored at a tiny positive value.</param>
public sealed record MixtureComponent(double Weight, double Mean, double StdDev);

/// <summary>
/// A one-dimensional variational Bayesian Gaussian mixture with a truncated Dirichlet-process (stick-breaking)
/// weight prior: scikit-learn's <c>BayesianGaussianMixture(weight_concentration_prior_type='dirichlet_process',
/// covariance_type='full', init_params='kmeans', n_init=1)</c> for one feature, which is what CTGAN's mode-specific
/// normalisation (RDT <c>ClusterBasedNormalizer</c>) fits to each continuous column.
/// </summary>
/// <remarks>
/// <para>Priors as scikit-learn sets them by default: mean prior = the data mean, mean precision prior β₀ = 1,
/// degrees of freedom ν₀ = 1 (the number of features), covariance prior = the unbiased data variance, and
/// <c>reg_covar</c> = 1e-6 added to each component's empirical variance. Responsibilities start from a hard 1-D
/// k-means (greedy k-means++ seeding with the given seed, then Lloyd iterations as scikit-learn's <c>KMeans</c>
/// runs them); components keep the k-means++ selection order, which matters because the stick-breaking prior is
/// not exchangeable. Iteration stops when the variational lower bound (scikit-learn's, not divided by the sample
/// count) changes by less than the tolerance, or after the iteration limit.</para>
/// <para>Given the same k-means labels the fit agrees with scikit-learn 1.2 to about 1e-12. Differences: the random
/// stream is .NET's, not NumPy's, so the k-means initialisation (and hence the fit) differs for a given seed; the
/// computation runs on data centred at its mean (accurate for data far from zero) and shifted back, so an empty
/// component sits at the data mean where scikit-learn puts its empirical mean at raw 0 (such components carry no
/// weight either way); constant data short-cuts to one component. As in scikit-learn, <c>reg_covar</c> is absolute,
/// so data on a scale of 1e-3 or below gets standard deviations inflated towards 1e-3.</para>
/// </remarks>
public sealed class BayesianGaussianMixture
{
    /// <summary>scikit-learn's <c>reg_covar</c>: added to every component's empirical variance.</summary>
    private const double RegCovar = 1e-6;

    /// <summary>scikit-learn adds 10·eps (float64 machine epsilon) to every component's responsibility mass.</summary>
    private const double MassEpsilon = 10 * 2.220446049250313e-16;

    /// <summary>exp(t) is exactly 0 in double precision below this.</summary>
    private const double ExpUnderflow = -746.0;

    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);
    private static readonly double LogTwo = Math.Log(2.0);

    private readonly MixtureComponent[] _components;
    private readonly double[] _means;          // component location (raw scale)
    private readonly double[] _halfPrecision;  // 0.5 / covariance
    private readonly double[] _logConstant;    // per-component additive term of the log posterior responsibility

    private BayesianGaussianMixture(MixtureComponent[] components, double[] means, double[] halfPrecision, double[] logConstant, bool converged, int iterations, double lowerBound)
    {
        _components = components;
        _means = means;
        _halfPrecision = halfPrecision;
        _logConstant = logConstant;
        Converged = converged;
        Iterations = iterations;
        LowerBound = lowerBound;
    }

    /// <summary>All components in model order (k-means++ selection order); weights sum to 1.</summary>
    public IReadOnlyList<MixtureComponent> Components => _components;

    /// <summary>Whether the lower bound changed by less than the tolerance before the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>Variational iterations run (scikit-learn's <c>n_iter_</c>); 0 for constant data.</summary>
    public int Iterations { get; }

    /// <summary>The last variational lower bound (scikit-learn's <c>lower_bound_</c>, up to constant terms); NaN for constant data.</summary>
    public double LowerBound { get; }

    /// <summary>
    /// Fits the mixture. <paramref name="maxComponents"/> is capped at the number of values (as RDT does with
    /// <c>min(len(data), 10)</c>). Constant data gives one component with weight 1 and a tiny standard deviation.
    /// </summary>
    /// <exception cref="ArgumentException">No values, or a NaN or infinite value.</exception>
    public static BayesianGaussianMixture Fit(ReadOnlySpan<double> values, int maxComponents = 10, double weightConcentration = 0.001, int maxIterations = 100, double tolerance = 1e-3, int seed = 0)
    {
        if (values.IsEmpty) throw new ArgumentException("A mixture needs at least one value.", nameof(values));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxComponents, 1);
        if (!(weightConcentration > 0) || double.IsInfinity(weightConcentration))
            throw new ArgumentOutOfRangeException(nameof(weightConcentration), weightConcentration, "The weight concentration prior must be positive and finite.");
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be non-negative.");

        var n = values.Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i])) throw new ArgumentException($"Value {i} is {values[i]}: a mixture needs finite values.", nameof(values));
            sum += values[i];
        }
        var mean = sum / n;

        // Work on sorted, centred data: EM is invariant to order, sorting makes 1-D k-means cheap, and centring
        // keeps the sufficient statistics accurate for data far from zero.
        var y = new double[n];
        for (var i = 0; i < n; i++) y[i] = values[i] - mean;
        Array.Sort(y);
        double correction = 0, squares = 0;
        foreach (var v in y) correction += v;
        correction /= n; // second pass: the centred mean is off by rounding only
        for (var i = 0; i < n; i++) y[i] -= correction;
        mean += correction;
        foreach (var v in y) squares += v * v;

        if (y[0] == y[n - 1])
        {
            // Constant data: one component; scikit-learn would fit one populated component and leave the rest empty.
            var floor = StdFloor(0, mean);
            return new BayesianGaussianMixture([new MixtureComponent(1, mean, floor)], [mean], [0], [0], true, 0, double.NaN);
        }

        var variance = squares / (n - 1); // np.cov: unbiased
        var k = Math.Min(n, maxComponents);
        var random = new Random(seed);
        var labels = KMeans(y, k, squares / n, random);

        var fit = new VariationalFit(k, variance, weightConcentration);
        fit.Initialise(y, labels);

        var lowerBound = double.NegativeInfinity;
        var converged = false;
        var iterations = 0;
        var stats = new double[3 * k];
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            iterations = iteration;
            var previous = lowerBound;
            var entropy = fit.ExpectationStatistics(y, stats);
            fit.Maximise(stats);
            lowerBound = fit.LowerBound(entropy);
            if (Math.Abs(lowerBound - previous) < tolerance)
            {
                converged = true;
                break;
            }
        }

        return fit.ToModel(mean, StdFloor(Math.Sqrt(variance), mean), converged, iterations, lowerBound);
    }

    /// <summary>
    /// The components with weight above <paramref name="threshold"/> (CTGAN keeps weight &gt; 0.005), in model order,
    /// with their raw weights: they are not renormalised, so they sum to at most 1. Never empty: when no weight
    /// exceeds the threshold the heaviest component alone is returned.
    /// </summary>
    public IReadOnlyList<MixtureComponent> Significant(double threshold = 0.005)
    {
        if (!(threshold >= 0 && threshold < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must lie in [0, 1).");
        var kept = _components.Where(c => c.Weight > threshold).ToArray();
        return kept.Length > 0 ? kept : [_components.MaxBy(c => c.Weight)!];
    }

    /// <summary>
    /// Posterior responsibility of each component (in <see cref="Components"/> order) for <paramref name="value"/>,
    /// computed as scikit-learn's <c>predict_proba</c> does: from the expected log stick-breaking weights and the
    /// expected log Gaussian densities under the variational posterior.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="into"/> is not one slot per component, or the value is not finite.</exception>
    public void Probabilities(double value, Span<double> into)
    {
        if (into.Length != _components.Length) throw new ArgumentException($"Expected {_components.Length} slots, got {into.Length}.", nameof(into));
        if (!double.IsFinite(value)) throw new ArgumentException($"Value is {value}: responsibilities need a finite value.", nameof(value));
        var max = double.NegativeInfinity;
        for (var c = 0; c < into.Length; c++)
        {
            var d = value - _means[c];
            into[c] = _logConstant[c] - _halfPrecision[c] * d * d;
            if (into[c] > max) max = into[c];
        }
        double total = 0;
        for (var c = 0; c < into.Length; c++)
        {
            var t = into[c] - max;
            into[c] = t < ExpUnderflow ? 0 : Math.Exp(t);
            total += into[c];
        }
        for (var c = 0; c < into.Length; c++) into[c] /= total;
    }

    /// <summary>Digamma ψ(x) = d/dx log Γ(x): upward recurrence to x ≥ 10, then the asymptotic series (reflection for x &lt; 0).</summary>
    internal static double Digamma(double x)
    {
        if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
        if (x <= 0)
        {
            if (x == Math.Floor(x)) return double.NaN;
            return Digamma(1 - x) - Math.PI / Math.Tan(Math.PI * x);
        }
        double result = 0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }
        var inv2 = 1 / (x * x);
        // ψ(x) ~ ln x − 1/(2x) − Σ B₂ⱼ/(2j·x²ʲ) = ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰) + 691/(32760x¹²) − 1/(12x¹⁴)
        var series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))));
        return result + Math.Log(x) - 0.5 / x - series;
    }

    /// <summary>log Γ(x) for x &gt; 0: upward recurrence to x ≥ 10, then Stirling's series.</summary>
    internal static double LogGamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        double product = 1;
        while (x < 10)
        {
            product *= x;
            x += 1;
        }
        var inv = 1 / x;
        var inv2 = inv * inv;
        // Σ B₂ⱼ/(2j(2j−1)x²ʲ⁻¹) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹) + 1/(156x¹³)
        var series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 * (1.0 / 156)))))));
        return (x - 0.5) * Math.Log(x) - x + 0.5 * LogTwoPi + series - Math.Log(product);
    }

    /// <summary>log B(a, b).</summary>
    internal static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>Smallest standard deviation reported: tiny relative to the data's spread (or magnitude, when constant).</summary>
    private static double StdFloor(double spread, double mean)
    {
        var scale = spread > 0 ? spread : Math.Abs(mean) > 0 ? Math.Abs(mean) : 1;
        return Math.Max(1e-6 * scale, double.Epsilon);
    }

    /// <summary>
    /// Hard 1-D k-means as scikit-learn's <c>KMeans(n_init=1, init='k-means++', algorithm='lloyd')</c>: greedy
    /// k-means++ seeding (2 + ⌊ln k⌋ candidates per centre), then Lloyd iterations until the labels repeat or the
    /// squared centre shift drops to 1e-4 × the data variance (at most 300). Labels are the selection order of the
    /// seeds. <paramref name="y"/> must be sorted ascending.
    /// </summary>
    private static int[] KMeans(double[] y, int k, double populationVariance, Random random)
    {
        var n = y.Length;
        var centres = SeedCentres(y, k, random);
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var tol = 1e-4 * populationVariance;
        var sums = new double[k];
        var counts = new int[k];
        var strict = false;
        for (var iteration = 0; iteration < 300; iteration++)
        {
            Assign(y, centres, labels);
            Array.Clear(sums);
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
            {
                sums[labels[i]] += y[i];
                counts[labels[i]]++;
            }
            var updated = new double[k];
            for (var c = 0; c < k; c++) updated[c] = counts[c] > 0 ? sums[c] / counts[c] : centres[c];
            RelocateEmpty(y, centres, labels, sums, counts, updated);
            double shift = 0;
            for (var c = 0; c < k; c++) shift += (updated[c] - centres[c]) * (updated[c] - centres[c]);
            centres = updated;
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strict = true;
                break;
            }
            if (shift <= tol) break;
            (labels, previous) = (previous, labels);
        }
        if (!strict) Assign(y, centres, labels);
        return labels;
    }

    private static double[] SeedCentres(double[] y, int k, Random random)
    {
        var n = y.Length;
        var centres = new double[k];
        centres[0] = y[random.Next(n)];
        var closest = new double[n];
        var candidate = new double[n];
        var best = new double[n];
        var cumulative = new double[n];
        double potential = 0;
        for (var i = 0; i < n; i++)
        {
            var d = y[i] - centres[0];
            closest[i] = d * d;
            potential += closest[i];
        }
        var trials = 2 + (int)Math.Log(k);
        for (var c = 1; c < k; c++)
        {
            double running = 0;
            for (var i = 0; i < n; i++)
            {
                running += closest[i];
                cumulative[i] = running;
            }
            var bestPotential = double.PositiveInfinity;
            var bestIndex = 0;
            for (var t = 0; t < trials; t++)
            {
                var target = random.NextDouble() * potential;
                var index = LowerBoundIndex(cumulative, target);
                var centre = y[index];
                double candidatePotential = 0;
                for (var i = 0; i < n; i++)
                {
                    var d = y[i] - centre;
                    candidate[i] = Math.Min(closest[i], d * d);
                    candidatePotential += candidate[i];
                }
                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestIndex = index;
                    (best, candidate) = (candidate, best);
                }
            }
            centres[c] = y[bestIndex];
            potential = bestPotential;
            (closest, best) = (best, closest);
        }
        return centres;
    }

    /// <summary>First index whose cumulative sum reaches <paramref name="target"/> (NumPy's searchsorted, side='left'), clipped to the last.</summary>
    private static int LowerBoundIndex(double[] cumulative, double target)
    {
        int lo = 0, hi = cumulative.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid] < target) lo = mid + 1;
            else hi = mid;
        }
        return Math.Min(lo, cumulative.Length - 1);
    }

    /// <summary>Nearest centre for each sorted value (ties to the lower label, as argmin): one monotone walk over the sorted centres.</summary>
    private static void Assign(double[] y, double[] centres, int[] labels)
    {
        var order = Enumerable.Range(0, centres.Length).OrderBy(c => centres[c]).ThenBy(c => c).ToList();
        // Duplicate centres: only the lowest label can win.
        var distinct = new List<int>(order.Count);
        foreach (var c in order)
        {
            if (distinct.Count == 0 || centres[distinct[^1]] != centres[c]) distinct.Add(c);
        }
        var at = 0;
        for (var i = 0; i < y.Length; i++)
        {
            while (at + 1 < distinct.Count)
            {
                var here = Math.Abs(y[i] - centres[distinct[at]]);
                var next = Math.Abs(y[i] - centres[distinct[at + 1]]);
                if (next < here || (next == here && distinct[at + 1] < distinct[at])) at++;
                else break;
            }
            labels[i] = distinct[at];
        }
    }

    /// <summary>scikit-learn's empty-cluster relocation: an empty cluster takes the point farthest from its centre.</summary>
    private static void RelocateEmpty(double[] y, double[] centres, int[] labels, double[] sums, int[] counts, double[] updated)
    {
        var empty = 0;
        foreach (var count in counts) if (count == 0) empty++;
        if (empty == 0) return;
        var taken = new HashSet<int>();
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0) continue;
            var far = -1;
            double farthest = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var d = y[i] - centres[labels[i]];
                if (d * d > farthest && !taken.Contains(i))
                {
                    farthest = d * d;
                    far = i;
                }
            }
            if (far < 0) continue; // every point sits on its centre: nothing to move
            taken.Add(far);
            var from = labels[far];
            if (counts[from] > 1)
            {
                sums[from] -= y[far];
                counts[from]--;
                updated[from] = sums[from] / counts[from];
            }
            updated[c] = y[far];
        }
    }

    /// <summary>The variational posterior of the 1-D model and its updates, in centred coordinates (mean prior 0).</summary>
    private sealed class VariationalFit(int k, double covariancePrior, double weightConcentrationPrior)
    {
        private readonly double[] _mass = new double[k];        // N_k (with 10·eps)
        private readonly double[] _stickA = new double[k];      // 1 + N_k
        private readonly double[] _stickB = new double[k];      // γ₀ + Σ_{j>k} N_j
        private readonly double[] _meanPrecision = new double[k]; // β_k
        private readonly double[] _means = new double[k];       // m_k
        private readonly double[] _dof = new double[k];         // ν_k
        private readonly double[] _covariance = new double[k];  // W_k⁻¹ / ν_k (scikit-learn's covariances_)
        private readonly double[] _logConstant = new double[k];
        private readonly double[] _halfPrecision = new double[k];

        public void Initialise(double[] y, int[] labels)
        {
            var counts = new double[k];
            var sums = new double[k];
            for (var i = 0; i < y.Length; i++)
            {
                counts[labels[i]]++;
                sums[labels[i]] += y[i];
            }
            var mass = new double[k];
            var centre = new double[k];
            var spread = new double[k];
            for (var c = 0; c < k; c++)
            {
                mass[c] = counts[c] + MassEpsilon;
                centre[c] = sums[c] / mass[c];
            }
            for (var i = 0; i < y.Length; i++)
            {
                var d = y[i] - centre[labels[i]];
                spread[labels[i]] += d * d;
            }
            for (var c = 0; c < k; c++) spread[c] = spread[c] / mass[c] + RegCovar;
            Update(mass, centre, spread);
        }

        /// <summary>
        /// E-step fused with the sufficient statistics of the next M-step: for each component Σr, Σr·d and Σr·d²
        /// with d = y − m_k (the current location, close to the new centre, so no cancellation) into
        /// <paramref name="stats"/>. Returns Σ r·log r over all samples and components. SIMD over samples;
        /// components whose responsibility underflows to exactly 0 for every sample are skipped.
        /// </summary>
        public double ExpectationStatistics(double[] y, double[] stats)
        {
            Array.Clear(stats);
            var alive = AliveComponents(y[0], y[^1]);
            var a = alive.Length;
            var means = new Vector<double>[a];
            var half = new Vector<double>[a];
            var constant = new Vector<double>[a];
            for (var j = 0; j < a; j++)
            {
                means[j] = new Vector<double>(_means[alive[j]]);
                half[j] = new Vector<double>(_halfPrecision[alive[j]]);
                constant[j] = new Vector<double>(_logConstant[alive[j]]);
            }
            var log = new Vector<double>[a];
            var weight = new Vector<double>[a];
            var sumR = new Vector<double>[a];
            var sumRd = new Vector<double>[a];
            var sumRdd = new Vector<double>[a];
            var entropy = Vector<double>.Zero;
            var width = Vector<double>.Count;
            var i = 0;
            for (; i + width <= y.Length; i += width)
            {
                var v = new Vector<double>(y, i);
                var max = new Vector<double>(double.NegativeInfinity);
                for (var j = 0; j < a; j++)
                {
                    var d = v - means[j];
                    var l = constant[j] - half[j] * d * d;
                    log[j] = l;
                    max = Vector.Max(max, l);
                }
                var total = Vector<double>.Zero;
                for (var j = 0; j < a; j++)
                {
                    var t = log[j] - max;
                    log[j] = t;
                    var e = Vector.Exp(t);
                    weight[j] = e;
                    total += e;
                }
                var logTotal = Vector.Log(total);
                var inverse = Vector<double>.One / total;
                for (var j = 0; j < a; j++)
                {
                    var r = weight[j] * inverse;
                    var d = v - means[j];
                    var rd = r * d;
                    sumR[j] += r;
                    sumRd[j] += rd;
                    sumRdd[j] += rd * d;
                    entropy += r * (log[j] - logTotal);
                }
            }
            var h = Vector.Sum(entropy);
            for (var j = 0; j < a; j++)
            {
                var c = alive[j];
                stats[3 * c] = Vector.Sum(sumR[j]);
                stats[3 * c + 1] = Vector.Sum(sumRd[j]);
                stats[3 * c + 2] = Vector.Sum(sumRdd[j]);
            }

            // Remainder (fewer than one vector), scalar with the same formulas.
            Span<double> scalarLog = a <= 64 ? stackalloc double[a] : new double[a];
            Span<double> scalarWeight = a <= 64 ? stackalloc double[a] : new double[a];
            for (; i < y.Length; i++)
            {
                var v = y[i];
                var max = double.NegativeInfinity;
                for (var j = 0; j < a; j++)
                {
                    var d = v - _means[alive[j]];
                    var l = _logConstant[alive[j]] - _halfPrecision[alive[j]] * d * d;
                    scalarLog[j] = l;
                    if (l > max) max = l;
                }
                double total = 0;
                for (var j = 0; j < a; j++)
                {
                    var t = scalarLog[j] - max;
                    scalarLog[j] = t;
                    var e = Math.Exp(t);
                    scalarWeight[j] = e;
                    total += e;
                }
                var logTotal = Math.Log(total);
                var inverse = 1 / total;
                for (var j = 0; j < a; j++)
                {
                    var c = alive[j];
                    var r = scalarWeight[j] * inverse;
                    var d = v - _means[c];
                    var rd = r * d;
                    stats[3 * c] += r;
                    stats[3 * c + 1] += rd;
                    stats[3 * c + 2] += rd * d;
                    h += r * (scalarLog[j] - logTotal);
                }
            }
            return h;
        }

        /// <summary>
        /// Components that can take a non-zero responsibility somewhere in [<paramref name="low"/>, <paramref name="high"/>].
        /// Component c's log density never exceeds its constant, and at every point some component reaches at least
        /// the best worst-case log density over the range; a component more than 746 below that gets exp(·) = 0 everywhere.
        /// </summary>
        private int[] AliveComponents(double low, double high)
        {
            var floor = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                var far = Math.Max(Math.Abs(low - _means[c]), Math.Abs(high - _means[c]));
                floor = Math.Max(floor, _logConstant[c] - _halfPrecision[c] * far * far);
            }
            var alive = new List<int>(k);
            for (var c = 0; c < k; c++)
            {
                if (_logConstant[c] - floor >= ExpUnderflow) alive.Add(c);
            }
            return [.. alive];
        }

        /// <summary>M-step from <see cref="ExpectationStatistics"/>.</summary>
        public void Maximise(double[] stats)
        {
            var mass = new double[k];
            var centre = new double[k];
            var spread = new double[k];
            for (var c = 0; c < k; c++)
            {
                var r = stats[3 * c];
                var rd = stats[3 * c + 1];
                var rdd = stats[3 * c + 2];
                mass[c] = r + MassEpsilon;
                centre[c] = (rd + _means[c] * r) / mass[c];    // x̄_k = Σ r·y / N_k
                var shift = centre[c] - _means[c];
                var scatter = rdd - 2 * shift * rd + shift * shift * r; // Σ r (y − x̄_k)² = Σ r (d − shift)²
                spread[c] = Math.Max(scatter, 0) / mass[c] + RegCovar;
            }
            Update(mass, centre, spread);
        }

        /// <summary>Posterior parameters from N_k, x̄_k, S_k (scikit-learn's _estimate_weights/_means/_precisions), then the E-step constants.</summary>
        private void Update(double[] mass, double[] centre, double[] spread)
        {
            double tail = 0;
            for (var c = k - 1; c >= 0; c--)
            {
                _mass[c] = mass[c];
                _stickA[c] = 1 + mass[c];
                _stickB[c] = weightConcentrationPrior + tail;
                tail += mass[c];
            }
            for (var c = 0; c < k; c++)
            {
                var beta = 1 + mass[c];
                _meanPrecision[c] = beta;
                _means[c] = mass[c] * centre[c] / beta;
                _dof[c] = 1 + mass[c];
                var wishartInverse = covariancePrior + mass[c] * spread[c] + mass[c] / beta * centre[c] * centre[c];
                _covariance[c] = wishartInverse / _dof[c];
            }

            // E[log π_k] = ψ(a_k) − ψ(a_k + b_k) + Σ_{j<k} (ψ(b_j) − ψ(a_j + b_j))
            double previousSticks = 0;
            for (var c = 0; c < k; c++)
            {
                var digammaSum = Digamma(_stickA[c] + _stickB[c]);
                var logWeight = Digamma(_stickA[c]) - digammaSum + previousSticks;
                previousSticks += Digamma(_stickB[c]) - digammaSum;
                var precision = 1 / _covariance[c];
                _halfPrecision[c] = 0.5 * precision;
                _logConstant[c] = logWeight
                    - 0.5 * LogTwoPi + 0.5 * Math.Log(precision) - 0.5 * Math.Log(_dof[c])
                    + 0.5 * (LogTwo + Digamma(0.5 * _dof[c]) - 1 / _meanPrecision[c]);
            }
        }

        /// <summary>scikit-learn's _compute_lower_bound for one feature; <paramref name="entropy"/> is Σ r·log r.</summary>
        public double LowerBound(double entropy)
        {
            double logWishart = 0, logNormWeight = 0, logMeanPrecision = 0;
            for (var c = 0; c < k; c++)
            {
                var logDetPrecisionCholesky = -0.5 * Math.Log(_covariance[c]) - 0.5 * Math.Log(_dof[c]);
                logWishart += -(_dof[c] * logDetPrecisionCholesky + _dof[c] * 0.5 * LogTwo + LogGamma(0.5 * _dof[c]));
                logNormWeight -= LogBeta(_stickA[c], _stickB[c]);
                logMeanPrecision += Math.Log(_meanPrecision[c]);
            }
            return -entropy - logWishart - logNormWeight - 0.5 * logMeanPrecision;
        }

        public BayesianGaussianMixture ToModel(double shift, double stdFloor, bool converged, int iterations, double lowerBound)
        {
            // weights_: expected stick-breaking weights, normalised.
            var weights = new double[k];
            double remaining = 1, total = 0;
            for (var c = 0; c < k; c++)
            {
                var sum = _stickA[c] + _stickB[c];
                weights[c] = _stickA[c] / sum * remaining;
                remaining *= _stickB[c] / sum;
                total += weights[c];
            }
            var components = new MixtureComponent[k];
            var means = new double[k];
            for (var c = 0; c < k; c++)
            {
                means[c] = _means[c] + shift;
                components[c] = new MixtureComponent(weights[c] / total, means[c], Math.Max(Math.Sqrt(_covariance[c]), stdFloor));
            }
            return new BayesianGaussianMixture(components, means, (double[])_halfPrecision.Clone(), (double[])_logConstant.Clone(), converged, iterations, lowerBound);
        }
    }
}
