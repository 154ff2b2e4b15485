namespace Arcanum.Core.Privacy;

/// <summary>
/// The privacy bill of DP-SGD (or any run of Poisson-sampled Gaussian steps), kept as Rényi DP and
/// read out as (ε, δ): the RDP accountant of Opacus and TF Privacy. Steps may differ in σ and q;
/// their RDP curves add up. Answers match Opacus' <c>RDPAccountant</c> (Balle et al. 2020
/// conversion, 151 default orders). Not thread-safe: one accountant per training run.
/// </summary>
public sealed class RdpAccountant : IPrivacyAccountant
{
    // σ ≥ 1e6 hides any gradient; a target that still is not met there cannot be met at all (as in Opacus).
    private const double MaxNoiseMultiplier = 1e6;
    private const double NoiseRelativeTolerance = 1e-7;

    private readonly double[] _orders;
    // Steps per distinct (σ, q), so Step(σ, q, a) then Step(σ, q, b) is exactly Step(σ, q, a + b).
    private readonly StepHistory _history = new();
    private readonly Dictionary<(double Sigma, double Q), double[]> _rdpPerStep = [];

    /// <summary>An accountant over <see cref="SampledGaussianRdp.DefaultOrders"/>.</summary>
    public RdpAccountant() : this(SampledGaussianRdp.DefaultOrders) { }

    /// <summary>An accountant over the given Rényi orders (each &gt; 1); more orders, tighter ε.</summary>
    public RdpAccountant(IEnumerable<double> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        _orders = [.. orders];
        if (_orders.Length == 0) throw new ArgumentException("At least one Rényi order is needed.", nameof(orders));
        foreach (var order in _orders) PrivacyGuard.Order(order);
        Orders = Array.AsReadOnly(_orders);
    }

    /// <inheritdoc/>
    public string Name => PrivacyAccountants.Rdp;

    /// <summary>The Rényi orders α at which the curve is kept.</summary>
    public IReadOnlyList<double> Orders { get; }

    /// <summary>Steps recorded so far, of every (σ, q).</summary>
    public long Steps => _history.Steps;

    /// <summary>
    /// Records <paramref name="steps"/> steps that each sampled records with probability
    /// <paramref name="sampleRate"/> (expected batch / dataset size) and added Gaussian noise of
    /// standard deviation <paramref name="noiseMultiplier"/> × clipping norm.
    /// </summary>
    public void Step(double noiseMultiplier, double sampleRate, int steps = 1)
    {
        _history.Add(noiseMultiplier, sampleRate, steps);
    }

    /// <summary>The (ε, δ) guarantee of everything recorded so far; ε = 0 before any step.</summary>
    public PrivacySpent GetEpsilon(double delta) => RdpConversion.ToEpsilon(_orders, TotalRdp(), delta);

    /// <inheritdoc/>
    double IPrivacyAccountant.GetEpsilon(double delta) => GetEpsilon(delta).Epsilon;

    /// <summary>The accumulated RDP curve, one value per <see cref="Orders"/> entry.</summary>
    public double[] GetRdp() => TotalRdp();

    /// <summary>
    /// Whether <paramref name="extraSteps"/> more steps at (σ, q) would take ε at
    /// <paramref name="delta"/> above <paramref name="targetEpsilon"/>. Training asks before each
    /// step and stops while it is still within budget. Records nothing.
    /// </summary>
    public bool WouldExceed(double targetEpsilon, double delta, double noiseMultiplier, double sampleRate, int extraSteps = 1)
    {
        PrivacyGuard.TargetEpsilon(targetEpsilon);
        PrivacyGuard.Delta(delta);
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(extraSteps);
        var rdp = TotalRdp();
        var extra = RdpPerStep(noiseMultiplier, sampleRate);
        for (var k = 0; k < rdp.Length; k++) rdp[k] += extra[k] * extraSteps;
        return !(RdpConversion.ToEpsilon(_orders, rdp, delta).Epsilon <= targetEpsilon);
    }

    /// <summary>(ε, δ) of <paramref name="steps"/> identical steps, over the default orders.</summary>
    public static PrivacySpent ComputeEpsilon(double noiseMultiplier, double sampleRate, long steps, double delta)
    {
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(steps);
        PrivacyGuard.Delta(delta);
        var orders = SampledGaussianRdp.DefaultOrders;
        var rdp = SampledGaussianRdp.Compute(noiseMultiplier, sampleRate, orders);
        for (var k = 0; k < rdp.Length; k++) rdp[k] *= steps;
        return RdpConversion.ToEpsilon(orders, rdp, delta);
    }

    /// <summary>
    /// The smallest noise multiplier σ (to a relative 1e-7, rounded up) whose
    /// <paramref name="steps"/> steps at rate <paramref name="sampleRate"/> stay within
    /// (<paramref name="targetEpsilon"/>, <paramref name="delta"/>). Throws when no σ up to 1e6 does:
    /// the conversion to (ε, δ) alone costs a floor of ε that more noise cannot remove.
    /// </summary>
    public static double NoiseForEpsilon(double targetEpsilon, double delta, double sampleRate, long steps)
    {
        PrivacyGuard.TargetEpsilon(targetEpsilon);
        PrivacyGuard.Delta(delta);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(steps);
        if (sampleRate == 0 || steps == 0)
            throw new ArgumentException(
                $"{steps} steps at sampling rate {sampleRate} touch no data and spend no privacy; there is no noise multiplier to calibrate.");

        bool Meets(double sigma) => ComputeEpsilon(sigma, sampleRate, steps, delta).Epsilon <= targetEpsilon;

        double low = 0, high = 1;
        while (!Meets(high))
        {
            if (high >= MaxNoiseMultiplier)
            {
                var floor = ComputeEpsilon(MaxNoiseMultiplier, sampleRate, steps, delta).Epsilon;
                throw new ArgumentException(
                    $"ε = {targetEpsilon} at δ = {delta} cannot be reached with q = {sampleRate} over {steps} steps: " +
                    $"even σ = {MaxNoiseMultiplier:G} gives ε = {floor:G4}, the cost of the RDP → (ε, δ) conversion itself. Allow a larger ε or δ.");
            }
            low = high;
            high *= 2;
        }
        // ε(σ) is continuous and non-increasing (every RDP order is), so bisection finds the crossing;
        // keeping the upper end guarantees the returned σ meets the target.
        while (high - low > NoiseRelativeTolerance * high)
        {
            var mid = 0.5 * (low + high);
            if (Meets(mid)) high = mid; else low = mid;
        }
        return high;
    }

    private double[] TotalRdp()
    {
        var total = new double[_orders.Length];
        foreach (var (sigma, q, steps) in _history.Entries)
        {
            var perStep = RdpPerStep(sigma, q);
            for (var k = 0; k < total.Length; k++) total[k] += perStep[k] * steps;
        }
        return total;
    }

    private double[] RdpPerStep(double sigma, double q)
    {
        if (!_rdpPerStep.TryGetValue((sigma, q), out var rdp))
        {
            rdp = SampledGaussianRdp.Compute(sigma, q, _orders);
            _rdpPerStep[(sigma, q)] = rdp;
        }
        return rdp;
    }
}
