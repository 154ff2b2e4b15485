using System.Globalization;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// The zCDP budget of one fit and every spend from it, in order. Rho comes from (epsilon, delta) by
/// <see cref="Zcdp.Rho"/>; spends compose by adding (adaptively chosen spends included, as long as the sum stays
/// within the budget). A spend past the budget throws: privacy code never degrades silently.
/// Neighbouring tables differ by adding or removing one row, so a count vector has L2 sensitivity 1.
/// </summary>
public sealed class PrivacyLedger
{
    /// <summary>Slack for rounding when spends are computed as shares of the budget.</summary>
    private const double Tolerance = 1e-12;

    private readonly List<PrivacySpend> _spends = [];

    /// <exception cref="SynthesisException">Epsilon not positive or delta outside (0, 1).</exception>
    public PrivacyLedger(double epsilon, double delta)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon)) throw new SynthesisException(string.Create(CultureInfo.InvariantCulture, $"Epsilon must be a positive number, not {epsilon}."));
        if (!(delta > 0 && delta < 1)) throw new SynthesisException(string.Create(CultureInfo.InvariantCulture, $"Delta must be between 0 and 1 (exclusive), not {delta}."));
        Epsilon = epsilon;
        Delta = delta;
        Rho = Zcdp.Rho(epsilon, delta);
    }

    private PrivacyLedger(double epsilon, double delta, double rho, IEnumerable<PrivacySpend> spends)
    {
        Epsilon = epsilon;
        Delta = delta;
        Rho = rho;
        _spends.AddRange(spends);
    }

    public double Epsilon { get; }

    public double Delta { get; }

    /// <summary>The whole budget in zCDP.</summary>
    public double Rho { get; }

    public double Spent => _spends.Sum(s => s.Rho);

    public double Remaining => Math.Max(0, Rho - Spent);

    public IReadOnlyList<PrivacySpend> Spends => _spends;

    /// <summary>Records a spend.</summary>
    /// <exception cref="InvalidOperationException">The spend would take the total past the budget (a bug in the caller's split).</exception>
    /// <param name="step">What was measured or chosen.</param>
    /// <param name="mechanism">"Gaussian" or "exponential mechanism", with what it ran on.</param>
    /// <param name="rho">The zCDP cost.</param>
    /// <param name="scale">The Gaussian noise's standard deviation per cell, or each exponential mechanism's epsilon.</param>
    /// <param name="detail">The same in words, for the model folder.</param>
    public void Spend(string step, string mechanism, double rho, double scale, string detail)
    {
        if (!(rho > 0) || !double.IsFinite(rho)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "A spend must be positive.");
        if (Spent + rho > Rho * (1 + Tolerance))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Spending rho {rho:G6} on {step} would exceed the budget: {Spent:G6} of {Rho:G6} is spent."));
        _spends.Add(new PrivacySpend(step, mechanism, rho, scale, detail));
    }

    public JsonObject ToJson() => new()
    {
        ["epsilon"] = Epsilon,
        ["delta"] = Delta,
        ["rho"] = Rho,
        ["rho_spent"] = Spent,
        ["accounting"] = "zCDP; rho from (epsilon, delta) by the conversion of Canonne, Kamath and Steinke (2020)",
        ["neighbours"] = "tables differing by one added or removed row",
        ["spends"] = new JsonArray([.. _spends.Select(s => (JsonNode)new JsonObject
        {
            ["step"] = s.Step, ["mechanism"] = s.Mechanism, ["rho"] = s.Rho, ["share"] = s.Rho / Rho, ["scale"] = s.Scale, ["detail"] = s.Detail,
        })]),
    };

    /// <exception cref="SynthesisException">The JSON is not a ledger.</exception>
    public static PrivacyLedger FromJson(JsonNode? node)
    {
        try
        {
            var spends = node.RequiredArray("spends").Select(s => new PrivacySpend(
                s.Required<string>("step"), s.Required<string>("mechanism"), s.Required<double>("rho"), s.Required<double>("scale"), s.Required<string>("detail")));
            return new PrivacyLedger(node.Required<double>("epsilon"), node.Required<double>("delta"), node.Required<double>("rho"), spends);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new SynthesisException($"The model's privacy ledger is damaged: {e.Message}", e);
        }
    }
}

/// <summary>
/// One spend: which step, by which mechanism, how much rho, its scale (the Gaussian noise's standard deviation per
/// cell, or each exponential mechanism's epsilon) and the same in words.
/// </summary>
public sealed record PrivacySpend(string Step, string Mechanism, double Rho, double Scale, string Detail);
