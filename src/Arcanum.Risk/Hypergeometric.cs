namespace Arcanum.Risk;

/// <summary>The one hypergeometric probability the Zayatz model needs, stable for populations of billions.</summary>
internal static class Hypergeometric
{
    /// <summary>
    /// The probability that a sample of <paramref name="n"/> drawn without replacement from <paramref
    /// name="population"/>
    /// holds exactly one of <paramref name="special"/> special items. Computed as a product, in logs: one special item
    /// is drawn (<c>special · n/N</c>) and each other is left out in turn (<c>(N−n−i+1)/(N−i)</c>), which avoids the
    /// cancellation of binomial coefficients of a 330-million population.
    /// </summary>
    public static double ExactlyOne(double population, int special, double n)
    {
        if (special < 1 || n < 1 || special > population || n > population) return 0;
        var log = Math.Log(special) + Math.Log(n / population);
        for (var i = 1; i < special; i++)
        {
            var left = population - n - i + 1;
            if (left <= 0) return 0;
            log += Math.Log(left / (population - i));
        }
        return Math.Exp(log);
    }
}
