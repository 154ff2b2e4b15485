using System.Globalization;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>Shares as "12.5%": the invariant culture's P format would write "12.5 %".</summary>
internal static class Percent
{
    public static string Of(double share, int decimals = 1) =>
        (share * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture) + "%";
}
