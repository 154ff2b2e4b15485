using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Core.IO;

/// <summary>
/// Required members and values of a parsed JSON document (a saved model, a report), with errors that name the member at
/// fault by its path: "$.parameters.columns[2].quantiles is missing", not "Object reference not set to an instance of an
/// object". Every error is an <see cref="InvalidDataException"/>, which a reader wraps in its own "damaged" message.
/// </summary>
public static class JsonFields
{
    /// <summary>The member <paramref name="key"/> of an object.</summary>
    /// <exception cref="InvalidDataException">The parent is null or not an object, or the member is missing or null.</exception>
    public static JsonNode Required(this JsonNode? parent, string key)
    {
        if (parent is not JsonObject o)
            throw new InvalidDataException(parent is null ? $"'{key}' is missing: the object that should hold it is null"
                : $"{parent.GetPath()} is {Kind(parent)}, not an object with '{key}'");
        return o[key] ?? throw new InvalidDataException($"{o.GetPath()}.{key} is missing");
    }

    /// <summary>The member <paramref name="key"/>'s value as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing, null or of another kind.</exception>
    public static T Required<T>(this JsonNode? parent, string key) => parent.Required(key).Value<T>();

    /// <summary>The member <paramref name="key"/>, which must be an array.</summary>
    /// <exception cref="InvalidDataException">It is missing, null or not an array.</exception>
    public static JsonArray RequiredArray(this JsonNode? parent, string key) => parent.Required(key).Array();

    /// <summary>A node's value as <typeparamref name="T"/> (an array's element, say).</summary>
    /// <exception cref="InvalidDataException">The node is null or holds another kind of value.</exception>
    public static T Value<T>(this JsonNode? node)
    {
        if (node is null) throw new InvalidDataException($"{Expected<T>()} is null");
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{node.GetPath()} is {Kind(node)}, not {Expected<T>()}", e);
        }
    }

    /// <summary>Every element of <paramref name="array"/> as <typeparamref name="T"/>; a null element is named by its index.</summary>
    /// <exception cref="InvalidDataException">An element is null or holds another kind of value.</exception>
    public static T[] Values<T>(this JsonArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var values = new T[array.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = array[i] is { } node ? node.Value<T>() : throw new InvalidDataException($"{array.GetPath()}[{i}] is null, not {Expected<T>()}");
        return values;
    }

    /// <summary>The node as an array.</summary>
    /// <exception cref="InvalidDataException">It is null or not an array.</exception>
    public static JsonArray Array(this JsonNode? node) => node switch
    {
        JsonArray a => a,
        null => throw new InvalidDataException("an array is null"),
        _ => throw new InvalidDataException($"{node.GetPath()} is {Kind(node)}, not an array"),
    };

    /// <summary>The node as an object.</summary>
    /// <exception cref="InvalidDataException">It is null or not an object.</exception>
    public static JsonObject Object(this JsonNode? node) => node switch
    {
        JsonObject o => o,
        null => throw new InvalidDataException("an object is null"),
        _ => throw new InvalidDataException($"{node.GetPath()} is {Kind(node)}, not an object"),
    };

    private static string Expected<T>() => Type.GetTypeCode(typeof(T)) switch
    {
        TypeCode.String => "a string",
        TypeCode.Boolean => "a boolean",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        _ => $"a {typeof(T).Name}",
    };

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        var other => other.ToString().ToLowerInvariant(),
    };
}
