namespace Arcanum.Risk.Tests;

public sealed class RiskOptionsTests
{
    [Theory]
    [InlineData("", "", "Name at least one quasi-identifier")]
    [InlineData("age,age", "", "The quasi-identifier 'age' is named twice.")]
    [InlineData("age,sex", "sex", "'sex' is both a quasi-identifier and sensitive")]
    [InlineData("age,,sex", "", "A column name is empty; check for a stray comma.")]
    public void Validate_BadColumns_SaysWhat(string qis, string sensitive, string expected)
    {
        var options = new RiskOptions { QuasiIdentifiers = Split(qis), Sensitive = Split(sensitive) };

        var error = Assert.Throws<RiskInputException>(options.Validate);

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(-5.0)]
    public void Validate_PopulationNotPositive_Throws(double size)
    {
        var options = new RiskOptions { QuasiIdentifiers = ["age"], PopulationSize = size };

        var error = Assert.Throws<RiskInputException>(options.Validate);

        Assert.StartsWith("The population size must be a positive number of people", error.Message);
    }

    [Fact]
    public void Validate_ThresholdsOutOfRange_Throw()
    {
        var options = new RiskOptions { QuasiIdentifiers = ["a"] };

        Assert.Throws<RiskInputException>((options with { RiskThresholds = [1.5] }).Validate);
        Assert.Throws<RiskInputException>((options with { KThresholds = [1] }).Validate);
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
