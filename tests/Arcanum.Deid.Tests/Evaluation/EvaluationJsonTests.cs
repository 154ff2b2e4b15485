using System.Text.Json;
using Arcanum.Deid.Evaluation;

namespace Arcanum.Deid.Tests.Evaluation;

public sealed class EvaluationJsonTests
{
    [Fact]
    public void Format_OneMissedSpan_ZeroRecallAndNullPrecisionPerCategory()
    {
        var result = DeidEvaluator.Evaluate([new SpanRecord("a.txt", 0, 3, PhiType.Zip)], []);

        using var json = JsonDocument.Parse(EvaluationJson.Format(result));

        var locations = json.RootElement.GetProperty("byCategory").GetProperty("locations");
        Assert.Equal(0, locations.GetProperty("lenient").GetProperty("recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, locations.GetProperty("exactTyped").GetProperty("precision").ValueKind);
        Assert.Equal(3, json.RootElement.GetProperty("byType").GetProperty("ZIP").GetProperty("characters")
            .GetProperty("total").GetInt32());
        Assert.Equal("a.txt", json.RootElement.GetProperty("unpredictedDocuments")[0].GetString());
    }
}
