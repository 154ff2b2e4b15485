using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Tests.Reports;

public sealed class StudyReportTests
{
    [Fact]
    public void Metric_TwoClasses_IsAuroc_MoreIsAccuracy()
    {
        // Given
        var binary = SomeNetworkReport.Build();
        var multi = binary with { ClassNames = ["a", "b", "c"] };

        // Then
        Assert.Equal("auroc", binary.Metric);
        Assert.Equal("accuracy", multi.Metric);
    }

    [Fact]
    public void LocalOnOthersMean_NoLocalBaselines_IsNaN()
    {
        Assert.True(double.IsNaN(SomeNetworkReport.Build().LocalOnOthersMean));
    }

    [Fact]
    public void Mode_Unknown_ThrowsWithTheValidModes()
    {
        // When
        var e = Assert.Throws<ArgumentException>(() => SomeNetworkReport.Build() with { Mode = "grpc" });

        // Then
        Assert.Contains("'simulation' or 'network'", e.Message);
    }

    [Fact]
    public void SiteNames_FollowSitesOrder()
    {
        Assert.Equal(["A", "B", "C"], SomeNetworkReport.Build().SiteNames);
    }
}
