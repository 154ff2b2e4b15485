using System.Globalization;
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

    /// <summary>Largest magnitude accepted from text: above any sum of squares of 2^63 doubles (each below 2^2048).</summary>
    private const int MaxValueBits = 2112;

    /// <summary>Smallest exponent of any sum of doubles or of their squares (the square of the least subnormal).</summary>
    private const int MinExponent = -2 * 1074;

    /// <summary>
    /// Lossless invariant text: the integer mantissa in decimal, then <c>p</c> and the binary exponent
    /// when it is not zero ("-3p-52" is −3 × 2⁻⁵²). Canonical: a whole value is written as a plain integer,
    /// any other value with an odd mantissa, so equal sums give equal text whatever their merge order.
    /// </summary>
    public string ToText()
    {
        if (Mantissa.IsZero) return "0";
        var m = Mantissa;
        var e = Exponent;
        if (e > 0)
        {
            m <<= e;
            e = 0;
        }
        var trailing = (int)Math.Min(-e, (long)BigInteger.TrailingZeroCount(BigInteger.Abs(m)));
        m >>= trailing;
        e += trailing;
        var digits = m.ToString(CultureInfo.InvariantCulture);
        return e == 0 ? digits : $"{digits}p{e.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Reads <see cref="ToText"/>'s form. Refuses anything else, and values no sum of doubles can reach,
    /// so text from the network cannot make later arithmetic huge.
    /// </summary>
    public static bool TryParseText(string? text, out ExactSum value)
    {
        value = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 1400) return false;
        var p = text.IndexOf('p', StringComparison.Ordinal);
        var mantissaText = p < 0 ? text : text[..p];
        var exponent = 0;
        if (p >= 0 && !TryParseInteger(text[(p + 1)..], out exponent)) return false;
        if (!IsInteger(mantissaText) || !BigInteger.TryParse(mantissaText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mantissa))
            return false;
        if (mantissa.IsZero) return true;
        if (exponent < MinExponent || BigInteger.Abs(mantissa).GetBitLength() + exponent > MaxValueBits) return false;
        value = new ExactSum(mantissa, exponent);
        return true;
    }

    private static bool TryParseInteger(string text, out int value)
    {
        value = 0;
        return IsInteger(text) && text.Length <= 6 && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    // Only an optional minus and ASCII digits: no spaces, plus signs, separators or other scripts' digits.
    private static bool IsInteger(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    public override string ToString() => ToDouble().ToString("R", CultureInfo.InvariantCulture);
}
