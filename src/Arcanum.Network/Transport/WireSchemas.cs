using System.Collections.Frozen;
using System.Text.Json;
using Arcanum.Network.Protocol;
using Json.Schema;

namespace Arcanum.Network.Transport;

/// <summary>
/// Checks a JSON document from the wire against its schema (protos/arcanum/v1/schemas/, embedded in
/// this assembly), then against the rules a schema cannot say (counts that must add up, the
/// encoder statistics' own reader). Call it on receipt of each answer, before reading it:
/// <code>
/// if (WireSchemas.CheckResult(task, header.ResultJson) is { } why)
///     throw new RpcException(new Status(StatusCode.InvalidArgument, "Result rejected: " + why));
/// </code>
/// Thread-safe; the schemas are built once.
/// </summary>
public static class WireSchemas
{
    /// <summary>The schema file of each document, as named in protos/arcanum/v1/schemas/.</summary>
    public static IReadOnlyDictionary<WireDocument, string> FileNames { get; } = new Dictionary<WireDocument, string>
    {
        [WireDocument.Job] = "job.schema.json",
        [WireDocument.Setup] = "setup.schema.json",
        [WireDocument.FeatureEncoder] = "feature-encoder.schema.json",
        [WireDocument.EncoderStatistics] = "encoder-statistics.schema.json",
        [WireDocument.DescribeResult] = "describe-result.schema.json",
        [WireDocument.StatisticsResult] = "statistics-result.schema.json",
        [WireDocument.TrainResult] = "train-result.schema.json",
        [WireDocument.EvaluateResult] = "evaluate-result.schema.json",
        [WireDocument.StatisticsQuery] = "statistics-query.schema.json",
        [WireDocument.StatisticsAnswer] = "statistics-answer.schema.json",
        [WireDocument.SecureStep] = "secure-step.schema.json",
        [WireDocument.SecureReply] = "secure-reply.schema.json",
        [WireDocument.MaskedTrainResult] = "masked-train-result.schema.json",
        [WireDocument.CountsQuery] = "counts-query.schema.json",
        [WireDocument.CountsAnswer] = "counts-answer.schema.json",
    }.ToFrozenDictionary();

    // Referenced files first: a $ref is resolved when the referring schema is built.
    private static readonly string[] BuildOrder =
    [
        "site-evaluation.schema.json", "encoder-statistics.schema.json", "feature-encoder.schema.json",
        "job.schema.json", "setup.schema.json", "describe-result.schema.json", "statistics-result.schema.json",
        "train-result.schema.json", "evaluate-result.schema.json",
        "statistics-query.schema.json", "statistics-answer.schema.json",
        "secure-step.schema.json", "secure-reply.schema.json", "masked-train-result.schema.json",
        "counts-query.schema.json", "counts-answer.schema.json",
    ];

    /// <summary>
    /// Pass or fail only: keywords such as anyOf stop once their verdict is known, which cannot change it while no schema
    /// uses keywords that read their siblings' annotations (unevaluatedProperties/Items). WireSchemasRejectionTests and
    /// WireSchemasRealDocumentTests would catch a verdict that changed.
    /// </summary>
    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag };

    private static readonly Lazy<Loaded> Schemas = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Null when <paramref name="json"/> is a valid <paramref name="kind"/> document; otherwise one
    /// reason naming the JSON path and what was expected, e.g.
    /// <c>$.features[0]: expected a string (a column name), got an object</c>.
    /// </summary>
    public static string? Check(WireDocument kind, string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return "$: expected a JSON object, got an empty document";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return $"$: not valid JSON ({e.Message})";
        }
        using (document)
        {
            var schemas = Schemas.Value;
            var schema = schemas.ByFile[FileNames[kind]];
            // Pass or fail first; the reason (every node's result) only for a document that fails: 23-45% less per valid answer (bench f, h.7).
            if (!schema.Evaluate(document.RootElement, FlagOnly).IsValid)
            {
                var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
                return WireSchemaReason.Of(results, document.RootElement, schemas.Texts[FileNames[kind]], schemas.Texts);
            }
            return WireConsistency.Check(kind, document.RootElement, json);
        }
    }

    /// <summary>Checks a task answer's <c>result_json</c> against the schema of the task's kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A kind that has no answer document (unspecified).</exception>
    public static string? CheckResult(TaskKind kind, string? resultJson) => Check(ResultOf(kind), resultJson);

    /// <summary>Checks the answer to <paramref name="task"/>: a TRAIN or EVALUATE task with a masked_input step is answered with a masked update.</summary>
    public static string? CheckResult(Protocol.Task task, string? resultJson) =>
        Check(task.Kind is TaskKind.Train or TaskKind.Evaluate && task.StepJson.Length > 0 ? WireDocument.MaskedTrainResult : ResultOf(task.Kind), resultJson);

    /// <summary>The document that answers a task of <paramref name="kind"/>.</summary>
    public static WireDocument ResultOf(TaskKind kind) => kind switch
    {
        TaskKind.Describe => WireDocument.DescribeResult,
        TaskKind.Statistics => WireDocument.StatisticsResult,
        TaskKind.Train => WireDocument.TrainResult,
        TaskKind.Evaluate => WireDocument.EvaluateResult,
        TaskKind.QueryStatistics => WireDocument.StatisticsAnswer,
        TaskKind.SecureStep => WireDocument.SecureReply,
        TaskKind.QueryCounts => WireDocument.CountsAnswer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This task kind has no answer document."),
    };

    /// <summary>The schema text of a file in protos/arcanum/v1/schemas/ (for tests and tools).</summary>
    internal static string SchemaText(string fileName) => BuildOrder.Contains(fileName, StringComparer.Ordinal)
        ? Resource(fileName)
        : throw new ArgumentException($"No schema file '{fileName}'.", nameof(fileName));

    internal static IReadOnlyCollection<string> SchemaFiles => BuildOrder;

    private sealed record Loaded(IReadOnlyDictionary<string, JsonSchema> ByFile, IReadOnlyDictionary<string, JsonElement> Texts);

    private static Loaded Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var byFile = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var texts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in BuildOrder)
        {
            var text = Resource(file);
            var schema = JsonSchema.FromText(text, options);
            byFile[file] = schema;
            using var parsed = JsonDocument.Parse(text);
            var root = parsed.RootElement.Clone();
            texts[file] = root;
            texts[root.GetProperty("$id").GetString()!] = root;
        }
        return new Loaded(byFile, texts);
    }

    private static string Resource(string file)
    {
        using var stream = typeof(WireSchemas).Assembly.GetManifestResourceStream("schemas/" + file)
            ?? throw new InvalidOperationException($"The schema resource 'schemas/{file}' is missing from {typeof(WireSchemas).Assembly.GetName().Name}; see Arcanum.Network.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
