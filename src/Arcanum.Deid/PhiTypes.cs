using System.Collections.Frozen;

namespace Arcanum.Deid;

/// <summary>The file names of <see cref="PhiType"/> (NAME, HEALTH_PLAN, ...) and each type's reporting category.</summary>
public static class PhiTypes
{
    private static readonly FrozenDictionary<PhiType, string> Names = new Dictionary<PhiType, string>
    {
        [PhiType.Name] = "NAME",
        [PhiType.Location] = "LOCATION",
        [PhiType.Zip] = "ZIP",
        [PhiType.Date] = "DATE",
        [PhiType.Age] = "AGE",
        [PhiType.Phone] = "PHONE",
        [PhiType.Email] = "EMAIL",
        [PhiType.Url] = "URL",
        [PhiType.IpAddress] = "IP_ADDRESS",
        [PhiType.Ssn] = "SSN",
        [PhiType.Mrn] = "MRN",
        [PhiType.Account] = "ACCOUNT",
        [PhiType.HealthPlan] = "HEALTH_PLAN",
        [PhiType.License] = "LICENSE",
        [PhiType.Device] = "DEVICE",
        [PhiType.Vehicle] = "VEHICLE",
        [PhiType.Id] = "ID",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, PhiType> ByName =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every type, in declaration order.</summary>
    public static IReadOnlyList<PhiType> All { get; } = Enum.GetValues<PhiType>();

    /// <summary>The name written in span files and in redacted text (<c>[NAME]</c>).</summary>
    public static string ToName(PhiType type) => Names[type];

    /// <summary>The type written as <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string name, out PhiType type) => ByName.TryGetValue(name, out type);

    /// <summary>The group whose recall is reported on its own.</summary>
    public static PhiCategory CategoryOf(PhiType type) => type switch
    {
        PhiType.Name => PhiCategory.Names,
        PhiType.Date => PhiCategory.Dates,
        PhiType.Location or PhiType.Zip => PhiCategory.Locations,
        PhiType.Age => PhiCategory.Ages,
        PhiType.Phone or PhiType.Email or PhiType.Url or PhiType.IpAddress => PhiCategory.Contacts,
        _ => PhiCategory.Numbers,
    };
}
