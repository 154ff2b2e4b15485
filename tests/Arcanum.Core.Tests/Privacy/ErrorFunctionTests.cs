using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class ErrorFunctionTests
{
    // Expected values from mpmath at 40 digits (erfc(1) and erfc(5) also in Abramowitz & Stegun Table 7.1).
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 0.88753708398171510160)]
    [InlineData(0.46875, 0.50738652678206200841)] // edge of Cody's first interval
    [InlineData(0.5, 0.47950012218695346232)]
    [InlineData(1.0, 0.15729920705028513066)]
    [InlineData(2.0, 4.6777349810472658379e-3)]
    [InlineData(3.5, 7.4309837234141274552e-7)]
    [InlineData(4.0, 1.5417257900280018852e-8)] // edge of the second interval
    [InlineData(4.5, 1.9661604415428874763e-10)]
    [InlineData(5.0, 1.5374597944280348502e-12)]
    [InlineData(10.0, 2.088487583762544757e-45)]
    [InlineData(26.0, 5.6631924088561428465e-296)]
    [InlineData(-0.3, 1.3286267594591274162)]
    [InlineData(-1.0, 1.8427007929497148693)]
    [InlineData(-3.0, 1.9999779095030014146)]
    public void Erfc_KnownValues_MatchToTenUlps(double x, double expected)
    {
        // When
        var actual = ErrorFunction.Erfc(x);

        // Then
        Assert.Equal(expected, actual, expected * 2e-15);
    }

    [Theory]
    [InlineData(5.0, -27.200889545537434422)]
    [InlineData(10.0, -102.87988902484488857)]
    [InlineData(30.0, -903.97411711064387808)] // erfc(30) ≈ 1e-393 is below the smallest double
    [InlineData(100.0, -10005.177585122664333)]
    [InlineData(1e3, -1000007.4801207219062)]
    [InlineData(1e5, -10000000012.085290408)]
    [InlineData(-5.0, 0.69314718055917657952)]
    [InlineData(-40.0, 0.69314718055994530942)]
    public void LogErfc_FarTails_MatchRelatively(double x, double expected)
    {
        // When
        var actual = ErrorFunction.LogErfc(x);

        // Then
        Assert.Equal(expected, actual, Math.Abs(expected) * 1e-15);
    }

    [Fact]
    public void LogErfc_ModerateArguments_AgreesWithLogOfErfc()
    {
        for (var x = -6.0; x <= 25; x += 0.37)
            Assert.Equal(Math.Log(ErrorFunction.Erfc(x)), ErrorFunction.LogErfc(x), Math.Max(1, Math.Abs(x * x)) * 1e-14);
    }

    [Fact]
    public void LogErfc_Infinities_AreLimits()
    {
        Assert.Equal(double.NegativeInfinity, ErrorFunction.LogErfc(double.PositiveInfinity));
        Assert.Equal(Math.Log(2), ErrorFunction.LogErfc(double.NegativeInfinity), 1e-15);
        Assert.Equal(0.0, ErrorFunction.Erfc(double.PositiveInfinity));
        Assert.True(double.IsNaN(ErrorFunction.LogErfc(double.NaN)));
    }
}
