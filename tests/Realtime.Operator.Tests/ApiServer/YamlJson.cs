using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>YAML as the API server reads it: plain scalars that look like numbers, booleans or null are those; quoted ones are strings.</summary>
public static class YamlJson
{
    public static JsonObject Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToNode(stream.Documents[0].RootNode) as JsonObject ?? throw new ArgumentException("the YAML is not a mapping", nameof(yaml));
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToNode(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToNode)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new ArgumentException($"unexpected YAML node {node.NodeType}", nameof(node)),
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        _ => JsonValue.Create(text),
    };
}
