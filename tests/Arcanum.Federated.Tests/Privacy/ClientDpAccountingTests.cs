using Arcanum.Federated.Privacy;
using Xunit.Abstractions;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class ClientDpAccountingTests(ITestOutputHelper output)
{
    private const double Delta = 1e-5;

    [Fact]
    public void Epsilon_TenHospitalsAllInEveryRoundHundredRoundsSigmaOne_IsAboutNinetyTwo()
    {
        // Given 10 hospitals, all taking part (q = 1), 100 rounds at σ = 1, δ = 1e-5. With q = 1 this is
        // one Gaussian mechanism with μ = √100/1 = 10, whose exact ε is 91.817 (δ(ε) = Φ(μ/2 − ε/μ) −
        // e^ε·Φ(−μ/2 − ε/μ)). The "about 110" is not what either accountant gives: RDP says 96.12, PRV 91.83.

        // When
        var rdp = ClientDpAccounting.Epsilon("rdp", 1.0, 10, 10, 100, Delta);
        var prv = ClientDpAccounting.Epsilon("prv", 1.0, 10, 10, 100, Delta);
        output.WriteLine($"RDP ε = {rdp:F4}, PRV ε = {prv:F4}");

        // Then
        Assert.Equal(RdpFigure, rdp, 1e-3);
        Assert.InRange(prv, 91.817, 91.817 + 0.015);
        Assert.True(prv < rdp);
    }

    [Fact]
    public void Epsilon_HalfTheSitesPerRound_CostsLessThanAll()
    {
        // Given the same 100 rounds at σ = 1, but 5 of 10 sites per round (q = 0.5)
        var half = ClientDpAccounting.Epsilon("prv", 1.0, 5, 10, 100, Delta);
        var all = ClientDpAccounting.Epsilon("prv", 1.0, 10, 10, 100, Delta);
        output.WriteLine($"q=0.5: PRV ε = {half:F4}");

        // Then: sampling amplifies privacy
        Assert.True(half < all);
    }

    [Fact]
    public void Epsilon_NoNoise_IsInfinite() =>
        Assert.Equal(double.PositiveInfinity, ClientDpAccounting.Epsilon("rdp", 0, 10, 10, 5, Delta));

    [Fact]
    public void SiteSamplingRate_MoreSitesPerRoundThanSites_Refused() =>
        Assert.Contains("between 1 and " +
            "10", Assert.Throws<ArgumentOutOfRangeException>(() => ClientDpAccounting.SiteSamplingRate(11,
                10)).Message);

    [Fact]
    public void CreateAccountant_NamedInOptions_IsThatAccountant()
    {
        var accountant = ClientDpAccounting.CreateAccountant(new ClientDpOptions { Accountant = "RDP" });
        Assert.Equal("rdp", accountant.Name);
    }

    // RDP of 100 full Gaussian rounds is 50α; Balle et al.'s conversion at the best default order α = 1.5:
    // 75 − (ln 1e-5 + ln 1.5)/0.5 + ln(1/3) = 75 + 22.2165 − 1.0986 = 96.1179, i.e. 96.116 to rounding.
    private const double RdpFigure = 96.1163;
}
