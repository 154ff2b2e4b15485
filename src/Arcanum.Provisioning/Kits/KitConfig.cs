using System.Text.Json.Serialization;

namespace Arcanum.Provisioning;

/// <summary>kit.json: the settings every kit has; <c>kind</c> says which of the derived records follows.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ServerKitConfig), "server")]
[JsonDerivedType(typeof(SiteKitConfig), "site")]
[JsonDerivedType(typeof(AdminKitConfig), "admin")]
internal abstract record KitConfig
{
    // Common fields first (the derived records' fields would otherwise lead).
    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }
    [JsonPropertyOrder(-1)]
    public required string Project { get; init; }
    [JsonPropertyOrder(-1)]
    public required string ServerHost { get; init; }
    [JsonPropertyOrder(-1)]
    public required int ServerPort { get; init; }
    [JsonPropertyOrder(-1)]
    public required DateTimeOffset CertNotAfter { get; init; }
    [JsonPropertyOrder(-1)]
    public required DateTimeOffset CaNotAfter { get; init; }

    [JsonIgnore]
    public ParticipantKind Kind => this switch
    {
        ServerKitConfig => ParticipantKind.Server,
        SiteKitConfig => ParticipantKind.Site,
        _ => ParticipantKind.Admin,
    };
}
