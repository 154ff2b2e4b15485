using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class PrivacyLedgerTests
{
    [Fact]
    public void Spend_WithinTheBudget_AddsUp()
    {
        var ledger = new PrivacyLedger(1, 1e-9);

        ledger.Spend("a", "Gaussian", ledger.Rho / 3, 10, "first");
        ledger.Spend("b", "Gaussian", ledger.Rho / 3, 10, "second");

        Assert.Equal(2 * ledger.Rho / 3, ledger.Spent, 15);
        Assert.Equal(ledger.Rho / 3, ledger.Remaining, 15);
    }

    [Fact]
    public void Spend_PastTheBudget_ThrowsAndRecordsNothing()
    {
        var ledger = new PrivacyLedger(1, 1e-9);
        ledger.Spend("a", "Gaussian", ledger.Rho * 0.9, 10, "first");

        var error = Assert.Throws<InvalidOperationException>(() => ledger.Spend("b", "Gaussian", ledger.Rho * 0.2, 10, "second"));

        Assert.Contains("exceed the budget", error.Message);
        Assert.Single(ledger.Spends);
    }

    [Fact]
    public void FromJson_OfToJson_GivesTheSameLedger()
    {
        var ledger = new PrivacyLedger(3, 1e-7);
        ledger.Spend("pairs", "Gaussian", 0.05, 4.2, "5 pairs");

        var copy = PrivacyLedger.FromJson(ledger.ToJson());

        Assert.Equal(ledger.Epsilon, copy.Epsilon);
        Assert.Equal(ledger.Delta, copy.Delta);
        Assert.Equal(ledger.Rho, copy.Rho);
        Assert.Equal(ledger.Spends, copy.Spends);
    }

    [Theory]
    [InlineData(0, 1e-9)]
    [InlineData(1, 0)]
    public void Constructor_BadBudget_SaysWhat(double epsilon, double delta)
    {
        Assert.Throws<SynthesisException>(() => new PrivacyLedger(epsilon, delta));
    }
}
