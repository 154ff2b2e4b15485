using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Arcanum.Provisioning;

/// <summary>
/// Reads project.yml. Unknown keys are errors (a typo must not silently drop a site), and every
/// problem the parser can place carries its line number.
/// </summary>
public static class ProjectFile
{
    private static readonly string[] TopKeys = ["name", "server", "sites", "admins", "key", "valid_days"];
    private static readonly string[] ServerKeys = ["host", "port", "alt_names"];
    private static readonly string[] AdminKeys = ["name", "role", "site"];

    /// <summary>Reads and validates a project file.</summary>
    public static Project Load(string path)
    {
        if (!File.Exists(path)) throw new ProvisioningException($"project file '{path}' does not exist.");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (ProvisioningException e)
        {
            throw new ProvisioningException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses and validates project YAML.</summary>
    public static Project Parse(string yamlText)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yamlText));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new ProvisioningException($"line {e.Start.Line}: malformed YAML: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (no position) on some unclosed brackets; the scanner knows where it stopped.
            throw new ProvisioningException($"line {scanner.CurrentPosition.Line}: malformed YAML (an unclosed bracket, brace or quote?)", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new ProvisioningException("the project file is empty.");
        if (stream.Documents.Count > 1) throw new ProvisioningException($"line {stream.Documents[1].RootNode.Start.Line}: the project file must hold one YAML document.");

        var root = Mapping(stream.Documents[0].RootNode, "the project file");
        CheckKeys(root, TopKeys, "the project");
        return new Project
        {
            Name = RequiredScalar(root, "name", "the project"),
            Server = ReadServer(Required(root, "server", "the project")),
            Sites = ReadList(Required(root, "sites", "the project"), "sites").Select(n => Scalar(n, "a site name")).ToList(),
            Admins = Optional(root, "admins") is { } admins ? ReadList(admins, "admins").Select(ReadAdmin).ToList() : [],
            Key = Optional(root, "key") is { } key ? ReadKey(key) : KeyAlgorithm.EcdsaP384,
            ValidDays = Optional(root, "valid_days") is { } days ? Integer(days, "valid_days") : 365,
        }.Validated();
    }

    private static ServerSpec ReadServer(YamlNode node)
    {
        var map = Mapping(node, "server");
        CheckKeys(map, ServerKeys, "server");
        return new ServerSpec(RequiredScalar(map, "host", "server"), Integer(Required(map, "port", "server"), "server port"))
        {
            AltNames = Optional(map, "alt_names") is { } alt ? ReadList(alt, "server alt_names").Select(n => Scalar(n, "an alt_name")).ToList() : [],
        };
    }

    private static AdminSpec ReadAdmin(YamlNode node)
    {
        var map = Mapping(node, "an admin");
        CheckKeys(map, AdminKeys, "an admin");
        var name = RequiredScalar(map, "name", "an admin");
        var roleNode = Required(map, "role", $"admin '{name}'");
        var role = Scalar(roleNode, "role") switch
        {
            "project-admin" => AdminRole.ProjectAdmin,
            "site-admin" => AdminRole.SiteAdmin,
            var other => throw new ProvisioningException($"line {Line(roleNode)}: role of admin '{name}' must be project-admin or site-admin (got '{other}')."),
        };
        var site = Optional(map, "site") is { } s ? Scalar(s, "site") : null;
        return new AdminSpec(name, role, site);
    }

    private static KeyAlgorithm ReadKey(YamlNode node) => Scalar(node, "key") switch
    {
        "ecdsa-p384" => KeyAlgorithm.EcdsaP384,
        "rsa-3072" => KeyAlgorithm.Rsa3072,
        var other => throw new ProvisioningException($"line {Line(node)}: key must be ecdsa-p384 or rsa-3072 (got '{other}')."),
    };

    private static YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw new ProvisioningException($"line {Line(node)}: {what} must be a mapping of key: value.");

    private static IEnumerable<YamlNode> ReadList(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw new ProvisioningException($"line {Line(node)}: {what} must be a list.");

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = key is YamlScalarNode s ? s.Value : null;
            if (name is null || !allowed.Contains(name, StringComparer.Ordinal))
                throw new ProvisioningException($"line {Line(key)}: unknown key '{name ?? key.ToString()}' in {where} (expected {string.Join(", ", allowed)}).");
        }
    }

    private static YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private static YamlNode Required(YamlMappingNode map, string key, string where) =>
        Optional(map, key) ?? throw new ProvisioningException($"line {Line(map)}: {where} has no '{key}'.");

    private static string RequiredScalar(YamlMappingNode map, string key, string where) => Scalar(Required(map, key, where), key);

    private static string Scalar(YamlNode node, string what) => node switch
    {
        YamlScalarNode { Value: { Length: > 0 } value } => value,
        YamlScalarNode => throw new ProvisioningException($"line {Line(node)}: {what} must not be empty."),
        _ => throw new ProvisioningException($"line {Line(node)}: {what} must be a single value, not a list or mapping."),
    };

    private static int Integer(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ProvisioningException($"line {Line(node)}: {what} must be a whole number (got '{text}').");
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static long Line(YamlNode node) => node.Start.Line;
}
