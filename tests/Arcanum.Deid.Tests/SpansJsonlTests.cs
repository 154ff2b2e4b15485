using Arcanum.Deid;

namespace Arcanum.Deid.Tests;

public sealed class SpansJsonlTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arcanum-spans-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_WhatWriteWrote_ReturnsTheSameSpans()
    {
        // Given
        var spans = new[] { new SpanRecord("a \"b\".txt", 3, 10, PhiType.HealthPlan), new SpanRecord("c", 0, 1, PhiType.Name) };
        var path = Path.Combine(_dir, "spans.jsonl");
        using (var writer = File.CreateText(path))
            foreach (var span in spans) SpansJsonl.Write(writer, span);

        // When
        var read = SpansJsonl.Read(path).ToList();

        // Then
        Assert.Equal(spans, read);
        Assert.Contains("\"type\":\"HEALTH_PLAN\",\"length\":7", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("{\"file\":\"a\",\"start\":1,\"end\":1,\"type\":\"NAME\"}", "start < end")]
    [InlineData("{\"file\":\"a\",\"start\":1,\"end\":4,\"type\":\"HAIR_COLOUR\"}", "unknown type")]
    [InlineData("{\"file\":\"a\",\"end\":4,\"type\":\"NAME\"}", "\"start\" number")]
    [InlineData("not json", "not valid JSON")]
    public void Read_BadLine_NamesFileAndLine(string line, string expected)
    {
        // Given
        var path = Path.Combine(_dir, "gold.jsonl");
        File.WriteAllLines(path, ["{\"file\":\"a\",\"start\":0,\"end\":2,\"type\":\"DATE\"}", line]);

        // When
        var error = Assert.Throws<DeidInputException>(() => SpansJsonl.Read(path).ToList());

        // Then
        Assert.Contains("line 2", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
