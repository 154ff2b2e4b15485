namespace Arcanum.Core.Privacy;

/// <summary>
/// The complementary error function and its logarithm, from W. J. Cody's rational Chebyshev
/// approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23,
/// 1969, pp. 631-638; coefficients as in Netlib SPECFUN CALERF), good to about 1e-16 relative.
/// Core cannot reference MathNet, and the RDP series needs log erfc far into the tail, where
/// erfc itself underflows: <see cref="LogErfc"/> therefore works from the scaled function
/// erfcx(x) = exp(x²)·erfc(x), which stays near 1/(x√π).
/// </summary>
public static class ErrorFunction
{
    private const double Threshold = 0.46875;
    private const double InvSqrtPi = 0.56418958354775628695;

    // erf(x) = x·A(x²)/B(x²) for |x| ≤ 0.46875
    private static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];

    // erfcx(x) = C(x)/D(x) for 0.46875 < x ≤ 4
    private static readonly double[] C = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static readonly double[] D = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];

    // erfcx(x) = (1/√π − z·P(z)/Q(z))/x with z = 1/x², for x > 4
    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erfc(x) = 1 − erf(x); underflows to 0 (through subnormals) beyond x ≈ 27.2.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var y = Math.Abs(x);
        if (y <= Threshold) return 1 - x * SmallErf(y * y);
        var erfcOfY = y >= 27.3 ? 0.0 : ExpMinusSquare(y) * ScaledErfcAboveThreshold(y);
        return x < 0 ? 2 - erfcOfY : erfcOfY;
    }

    /// <summary>ln erfc(x) for every real x: ln 2 for large negative x, about −x² − ln(x√π) for large positive x.</summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x <= Threshold) return Math.Log(Erfc(x));
        if (double.IsPositiveInfinity(x)) return double.NegativeInfinity;
        return -(x * x) + Math.Log(ScaledErfcAboveThreshold(x));
    }

    /// <summary>x·A(x²)/B(x²) / x, i.e. erf(x)/x for |x| ≤ 0.46875.</summary>
    private static double SmallErf(double z)
    {
        var num = A[4] * z;
        var den = z;
        for (var i = 0; i < 3; i++)
        {
            num = (num + A[i]) * z;
            den = (den + B[i]) * z;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /// <summary>exp(x²)·erfc(x) for x &gt; 0.46875.</summary>
    private static double ScaledErfcAboveThreshold(double y)
    {
        if (y <= 4)
        {
            var num = C[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        // Beyond 6.71e7 the correction z·P/Q is below half an ulp of 1/√π (and 1/y² would underflow).
        if (y >= 6.71e7) return InvSqrtPi / y;
        var z = 1 / (y * y);
        var pn = P[5] * z;
        var qd = z;
        for (var i = 0; i < 4; i++)
        {
            pn = (pn + P[i]) * z;
            qd = (qd + Q[i]) * z;
        }
        return (InvSqrtPi - z * (pn + P[4]) / (qd + Q[4])) / y;
    }

    /// <summary>
    /// exp(−y²) without the ~y²·1e-16 relative error of rounding y² first: y is split into a part
    /// with four fractional bits, whose square is exact, and a small remainder.
    /// </summary>
    private static double ExpMinusSquare(double y)
    {
        var head = Math.Truncate(y * 16) / 16;
        var delta = (y - head) * (y + head);
        return Math.Exp(-head * head) * Math.Exp(-delta);
    }
}
