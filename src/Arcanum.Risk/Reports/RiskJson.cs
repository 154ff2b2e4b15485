using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Risk.Reports;

/// <summary><c>risk.json</c>: the whole <see cref="RiskReport"/>, snake_case, for scripts and for comparing
/// releases.</summary>
public static class RiskJson
{
    /// <summary>How every JSON file of the risk and de-identification commands is written: indented, snake_case, every
    /// field present (a null says "not measured").</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Render(RiskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }
}
