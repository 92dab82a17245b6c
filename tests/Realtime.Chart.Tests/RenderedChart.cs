using k8s;
using k8s.Models;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

/// <summary>The chart rendered by <c>helm template</c>, every document parsed strictly as its Kubernetes type.</summary>
public sealed class RenderedChart
{
    public const string ReleaseName = "rt";
    public const string ReleaseNamespace = "realtime-system";

    private static readonly Dictionary<string, Type> ExtraKinds = new()
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
    };

    private RenderedChart(string yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public static string ChartDirectory => RepositoryPaths.Combine("charts", "realtime-operator");

    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    /// <summary>Renders with the CRDs included and <paramref name="setValues"/> as <c>--set</c> pairs.</summary>
    public static async Task<RenderedChart> RenderAsync(params string[] setValues)
    {
        var result = await TemplateAsync(setValues);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.Describe()}");
        return Parse(result.StandardOutput);
    }

    public static async Task<ToolResult> TemplateAsync(params string[] setValues)
    {
        var arguments = new List<string>
        {
            "template", ReleaseName, ChartDirectory, "--namespace", ReleaseNamespace, "--include-crds",
        };
        foreach (var value in setValues)
        {
            arguments.AddRange(["--set", value]);
        }

        return await PinnedHelm.RunAsync([.. arguments]);
    }

    public static RenderedChart Parse(string yaml)
    {
        var documents = KubernetesYaml.LoadAllFromString(yaml, ExtraKinds, strict: true);
        var objects = documents.Select(document => document as IKubernetesObject<V1ObjectMeta>
            ?? throw new InvalidOperationException($"{document.GetType().Name} is not a Kubernetes object")).ToList();
        return new RenderedChart(yaml, objects);
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>() => Assert.Single(All<T>());
}
