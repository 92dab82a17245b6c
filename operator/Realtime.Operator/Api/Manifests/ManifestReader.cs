using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Validation;
using Realtime.Operator.Crd;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Operator.Api.Manifests;

/// <summary>
/// Turns YAML text into RealtimeClusters the way the API server would accept them: parse, structural schema,
/// defaults (the C# initializers), then every validation rule. Any error rejects the whole input.
/// </summary>
public static class ManifestReader
{
    /// <summary>Larger inputs are refused before parsing, so a stray file cannot exhaust memory.</summary>
    public const int MaxInputCharacters = 4 * 1024 * 1024;

    private static readonly Lazy<V1JSONSchemaProps> Schema = new(() => SchemaBuilder.For(typeof(RealtimeCluster)));

    public static ManifestReadResult Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (text.Length > MaxInputCharacters)
        {
            return ManifestReadResult.Failed(new ManifestError(source, 0, 0, null, $"is larger than {MaxInputCharacters / 1024 / 1024} MiB"));
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            return ManifestReadResult.Failed(new ManifestError(source, e.Start.Line, e.Start.Column, null, $"invalid YAML: {InnermostMessage(e)}"));
        }

        var errors = new List<ManifestError>();
        var clusters = new List<RealtimeCluster>();
        foreach (var document in stream.Documents)
        {
            if (ReadDocument(document.RootNode, source, errors) is { } cluster)
            {
                clusters.Add(cluster);
            }
        }

        if (errors.Count == 0 && clusters.Count == 0)
        {
            errors.Add(new ManifestError(source, 0, 0, null, "contains no RealtimeCluster"));
        }

        return errors.Count > 0 ? ManifestReadResult.Failed([.. errors]) : new ManifestReadResult(clusters, []);
    }

    private static RealtimeCluster? ReadDocument(YamlNode root, string source, List<ManifestError> errors)
    {
        SchemaConformance.RemoveNulls(root);
        if (root is not YamlMappingNode mapping)
        {
            errors.Add(new ManifestError(source, root.Start.Line, root.Start.Column, null, "must be a RealtimeCluster object"));
            return null;
        }

        var apiVersion = Scalar(mapping, "apiVersion");
        var kind = Scalar(mapping, "kind");
        if (apiVersion != RealtimeCluster.GroupVersion || kind != RealtimeCluster.KindName)
        {
            errors.Add(new ManifestError(source, root.Start.Line, root.Start.Column, null,
                $"must be apiVersion {RealtimeCluster.GroupVersion}, kind {RealtimeCluster.KindName}; got apiVersion {apiVersion ?? "(none)"}, kind {kind ?? "(none)"}"));
            return null;
        }

        var before = errors.Count;
        SchemaConformance.Check(root, Schema.Value, "", source, errors);
        if (errors.Count > before)
        {
            return null;
        }

        RealtimeCluster cluster;
        try
        {
            cluster = KubernetesYaml.Deserialize<RealtimeCluster>(Text(root), strict: true);
        }
        catch (YamlException e)
        {
            // Offsets are within the re-serialized document; the schema check above already caught what users get wrong.
            errors.Add(new ManifestError(source, root.Start.Line, root.Start.Column, null, InnermostMessage(e)));
            return null;
        }

        foreach (var error in RealtimeClusterValidator.Validate(cluster))
        {
            var node = YamlLocator.Locate(root, error.FieldPath);
            errors.Add(new ManifestError(source, node.Start.Line, node.Start.Column, error.FieldPath, error.Message));
        }

        return errors.Count > before ? null : cluster;
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static string Text(YamlNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}

/// <summary>The clusters read, or every reason none can be used.</summary>
public sealed record ManifestReadResult(IReadOnlyList<RealtimeCluster> Clusters, IReadOnlyList<ManifestError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static ManifestReadResult Failed(params ManifestError[] errors) => new([], errors);
}
