namespace Arcanum.Network.Transport;

/// <summary>
/// The JSON documents on the wire, each with a schema in protos/arcanum/v1/schemas/ (named in
/// brackets). Server to site: <see cref="Job"/>, <see cref="Setup"/> (and the <see cref="FeatureEncoder"/>
/// inside it). Site to server: the task answers, and the <see cref="EncoderStatistics"/> inside
/// the STATISTICS answer. Outside jobs: the admin's <see cref="StatisticsQuery"/> and its answer.
/// </summary>
public enum WireDocument
{
    /// <summary>Task.job_json [job.schema.json].</summary>
    Job,

    /// <summary>Task.setup_json of STATISTICS, TRAIN and EVALUATE tasks [setup.schema.json].</summary>
    Setup,

    /// <summary>setup_json.encoder, a JSON document inside a string [feature-encoder.schema.json].</summary>
    FeatureEncoder,

    /// <summary>STATISTICS answer's <c>statistics</c> object [encoder-statistics.schema.json].</summary>
    EncoderStatistics,

    /// <summary>DESCRIBE answer [describe-result.schema.json].</summary>
    DescribeResult,

    /// <summary>STATISTICS answer [statistics-result.schema.json].</summary>
    StatisticsResult,

    /// <summary>TRAIN answer [train-result.schema.json].</summary>
    TrainResult,

    /// <summary>EVALUATE answer [evaluate-result.schema.json].</summary>
    EvaluateResult,

    /// <summary>QUERY_STATISTICS's Task.setup_json, and the admin's query [statistics-query.schema.json].</summary>
    StatisticsQuery,

    /// <summary>QUERY_STATISTICS answer [statistics-answer.schema.json].</summary>
    StatisticsAnswer,

    /// <summary>Task.step_json under secure aggregation: one step's request [secure-step.schema.json].</summary>
    SecureStep,

    /// <summary>SECURE_STEP answer [secure-reply.schema.json].</summary>
    SecureReply,

    /// <summary>TRAIN answer when the task carries a masked_input step [masked-train-result.schema.json].</summary>
    MaskedTrainResult,

    /// <summary>QUERY_COUNTS's Task.setup_json, and the admin's query [counts-query.schema.json].</summary>
    CountsQuery,

    /// <summary>QUERY_COUNTS answer [counts-answer.schema.json].</summary>
    CountsAnswer,
}
