using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Risk.Reports;

/// <summary><c>risk.json</c>: the whole <see cref="RiskReport"/>, snake_case, for scripts and for comparing
/// releases.</summary>
public static class RiskJson
{
    private static readonly JsonSerializerOptions Options = new()
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
