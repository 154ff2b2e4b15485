using System.Text.Json;

namespace Arcanum.Risk.Anonymization;

/// <summary><c>anonymize.json</c>: the settings, the chosen transformation, utility, search statistics and the risk
/// of the output, snake_case. Counts, levels and column names only, never a value from the data.</summary>
public static class AnonymizationJson
{
    public static string Render(AnonymizationResult result, AnonymizationOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        return JsonSerializer.Serialize(new
        {
            Source = source,
            Settings = new
            {
                options.QuasiIdentifiers, options.K, options.L, options.Sensitive, options.MaxRisk,
                options.SuppressionLimit, EnforcedK = options.EffectiveK,
                UtilityMetric = "ARX Loss (gs-factor 0.5, geometric mean)",
            },
            result.Transformation,
            result.Records,
            result.Classes,
            result.K,
            result.Suppressed,
            result.Utility,
            result.Search,
            RiskBasis = "Measured on the released records; the " +
                $"{result.Suppressed} suppressed record(s) are left out of the release.",
            result.Risk,
        }, Reports.RiskJson.Options);
    }
}
