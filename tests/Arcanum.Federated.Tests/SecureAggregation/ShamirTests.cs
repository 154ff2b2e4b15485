using System.Numerics;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class ShamirTests
{
    [Fact]
    public void Combine_ThreePointsOfQuadratic_ReturnsConstantTerm()
    {
        // Given f(x) = 7 + 3x + 2x²: f(1) = 12, f(2) = 21, f(4) = 51
        (int, BigInteger)[] shares = [(1, 12), (2, 21), (4, 51)];

        // When
        var secret = Shamir.Combine(shares);

        // Then
        Assert.Equal(7, secret);
    }

    [Fact]
    public void Evaluate_Quadratic_MatchesHandComputation()
    {
        // Given / When f(3) for f(x) = 7 + 3x + 2x²  Then 7 + 9 + 18 = 34
        Assert.Equal(34, Shamir.Evaluate([7, 3, 2], 3));
    }

    [Fact]
    public void Split_AnyThresholdSharesRebuild_FewerDoNot()
    {
        // Given a 384-bit secret shared 3-of-5 at points 2, 3, 5, 7, 11
        var secret = BigInteger.Pow(2, 383) + 12345;
        int[] xs = [2, 3, 5, 7, 11];
        var shares = Shamir.Split(secret, 3, xs, SecAggHarness.Seeded(1, 1));
        var points = xs.Zip(shares).Select(p => (p.First, Shamir.Decode(Shamir.Encode(p.Second)))).ToArray();

        // When / Then every 3 of the 5 rebuild it, 2 give something else
        Assert.Equal(secret, Shamir.Combine(points[..3]));
        Assert.Equal(secret, Shamir.Combine([points[4], points[1], points[3]]));
        Assert.Equal(secret, Shamir.Combine(points));
        Assert.NotEqual(secret, Shamir.Combine(points[..2]));
    }

    [Fact]
    public void ToSecretBytes_RoundTripsFixedLength()
    {
        // Given a 32-byte seed with leading zeros
        var seed = new byte[32];
        seed[31] = 9;
        var value = new BigInteger(seed, isUnsigned: true, isBigEndian: true);

        // When / Then
        Assert.Equal(seed, Shamir.ToSecretBytes(value, 32));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("-6")]
    [InlineData("123456789012345678901234567890")]
    public void Inverse_TimesTheValue_IsOneModP(string text)
    {
        // Given a value of the field (negative ones as p − |a|, as Lagrange denominators are)
        var a = System.Numerics.BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (a.Sign < 0) a += Shamir.Prime;

        // Then a · a⁻¹ ≡ 1 (mod p), the same as Fermat's a^(p−2)
        var inverse = Shamir.Inverse(a);
        Assert.Equal(System.Numerics.BigInteger.One, a * inverse % Shamir.Prime);
        Assert.Equal(System.Numerics.BigInteger.ModPow(a, Shamir.Prime - 2, Shamir.Prime), inverse);
    }

    [Fact]
    public void Inverse_Zero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Inverse(System.Numerics.BigInteger.Zero));
}
