using System.Numerics;

namespace Arcanum.Data.Encoding;

/// <summary>
/// An exact sum of doubles, Mantissa x 2^Exponent. Every double is such a number, so sums and
/// squares are exact and do not depend on the order of addition: statistics merged from sites
/// equal those of the pooled rows bit for bit.
/// </summary>
internal readonly record struct ExactSum(BigInteger Mantissa, int Exponent)
{
    public static ExactSum Zero => new(BigInteger.Zero, 0);

    public static ExactSum Of(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"Cannot sum {value}.", nameof(value));
        if (value == 0) return Zero;
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        var (mantissa, exponent) = exponentBits == 0 ? (fraction, -1074) : (fraction | (1L << 52), exponentBits - 1075);
        return new ExactSum(value < 0 ? -mantissa : mantissa, exponent);
    }

    public ExactSum Add(ExactSum other)
    {
        if (Mantissa.IsZero) return other;
        if (other.Mantissa.IsZero) return this;
        var e = Math.Min(Exponent, other.Exponent);
        return new ExactSum((Mantissa << (Exponent - e)) + (other.Mantissa << (other.Exponent - e)), e);
    }

    public ExactSum Negate() => new(-Mantissa, Exponent);

    public ExactSum Multiply(ExactSum other) => new(Mantissa * other.Mantissa, Exponent + other.Exponent);

    public ExactSum Multiply(long factor) => new(Mantissa * factor, Exponent);

    public double ToDouble()
    {
        if (Mantissa.IsZero) return 0;
        var m = Mantissa;
        var e = Exponent;
        // Keep 62 significant bits so the conversion to double cannot overflow; the result depends
        // only on the exact value, which is what makes merged statistics reproducible.
        var extra = (int)BigInteger.Abs(m).GetBitLength() - 62;
        if (extra > 0)
        {
            m >>= extra;
            e += extra;
        }
        return Math.ScaleB((double)m, e);
    }

    public override string ToString() => ToDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
