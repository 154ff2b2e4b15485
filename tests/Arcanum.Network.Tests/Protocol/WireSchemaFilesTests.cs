using System.Text.Json;
using Arcanum.Network.Transport;
using Json.Schema;

// Not "...Tests.Protocol": that would shadow the generated Arcanum.Network.Protocol types in the other test files.
namespace Arcanum.Network.Tests.WireProtocol;

/// <summary>The schema files are valid JSON Schema (draft 2020-12), and every example next to them is valid.</summary>
public sealed class WireSchemaFilesTests
{
    private static readonly string Protos = FindProtos();

    public static TheoryData<string> SchemaFiles() => [.. Directory.GetFiles(Path.Combine(Protos, "schemas"), "*.schema.json").Select(Path.GetFileName).OfType<string>()];

    public static TheoryData<string> ExampleFiles() => [.. Directory.GetFiles(Path.Combine(Protos, "examples"), "*.json").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void SchemaFile_AgainstTheDraft202012MetaSchema_IsValid(string file)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Protos, "schemas", file)));

        var results = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, file);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.EndsWith("/" + file, schema.RootElement.GetProperty("$id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaFiles_EmbeddedInTheAssembly_AreTheFilesInProtos()
    {
        var files = Directory.GetFiles(Path.Combine(Protos, "schemas"), "*.schema.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(files, WireSchemas.SchemaFiles.Order(StringComparer.Ordinal));
        foreach (var file in WireSchemas.SchemaFiles)
            Assert.Equal(File.ReadAllText(Path.Combine(Protos, "schemas", file)).ReplaceLineEndings(), WireSchemas.SchemaText(file).ReplaceLineEndings());
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_NamedAfterItsSchema_IsValid(string file)
    {
        // Given examples/<schema name>[.<variant>].json
        var schema = file.Split('.')[0] + ".schema.json";
        var kind = WireSchemas.FileNames.Single(p => p.Value == schema).Key;

        var reason = WireSchemas.Check(kind, File.ReadAllText(Path.Combine(Protos, "examples", file)));

        Assert.True(reason is null, $"{file}: {reason}");
    }

    [Fact]
    public void Examples_CoverEveryDocument()
    {
        var covered = Directory.GetFiles(Path.Combine(Protos, "examples"), "*.json").Select(f => Path.GetFileName(f).Split('.')[0] + ".schema.json").ToHashSet();

        Assert.All(WireSchemas.FileNames.Values, file => Assert.Contains(file, covered));
    }

    private static string FindProtos()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var protos = Path.Combine(dir.FullName, "protos", "arcanum", "v1");
            if (Directory.Exists(Path.Combine(protos, "schemas"))) return protos;
        }
        throw new DirectoryNotFoundException("protos/arcanum/v1 not found above " + AppContext.BaseDirectory);
    }
}
