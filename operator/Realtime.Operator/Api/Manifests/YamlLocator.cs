using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Realtime.Operator.Api.Manifests;

/// <summary>Finds the YAML node of a field path (e.g. <c>spec.routing.parentRefs[0].name</c>), or its nearest written ancestor.</summary>
public static partial class YamlLocator
{
    public static YamlNode Locate(YamlNode root, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(fieldPath);
        var node = root;
        foreach (Match step in StepPattern().Matches(fieldPath))
        {
            YamlNode? next = null;
            if (step.Groups["key"].Success && node is YamlMappingNode mapping)
            {
                mapping.Children.TryGetValue(new YamlScalarNode(step.Groups["key"].Value), out next);
            }
            else if (step.Groups["index"].Success && node is YamlSequenceNode sequence
                && int.TryParse(step.Groups["index"].Value, out var index) && index < sequence.Children.Count)
            {
                next = sequence.Children[index];
            }

            if (next is null)
            {
                return node;
            }

            node = next;
        }

        return node;
    }

    [GeneratedRegex(@"(?<key>[^.\[\]]+)|\[(?<index>[0-9]+)\]")]
    private static partial Regex StepPattern();
}
