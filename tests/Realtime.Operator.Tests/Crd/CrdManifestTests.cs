using System.ComponentModel;
using System.Reflection;
using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Schema;
using Realtime.Operator.Crd;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Crd;

public sealed class CrdManifestTests
{
    private static readonly V1CustomResourceDefinition Crd = CrdGenerator.Generate();

    private static V1JSONSchemaProps Spec => Crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];

    [Theory]
    [InlineData("crds/realtimecluster.yaml")]
    [InlineData("charts/realtime-operator/crds/realtimecluster.yaml")]
    public void The_checked_in_crd_is_what_the_types_generate(string path)
    {
        var checkedIn = File.ReadAllText(RepositoryPaths.Combine(path.Split('/')));

        Assert.True(checkedIn == CrdManifest.Render(), $"{path} is stale: run `make crds` and commit the result");
    }

    [Fact]
    public void Names_the_kind_with_short_name_and_category()
    {
        var names = Crd.Spec.Names;

        Assert.Equal("realtimeclusters.realtime.dev", Crd.Metadata.Name);
        Assert.Equal(("RealtimeCluster", "realtimeclusters", "realtimecluster", "RealtimeClusterList"), (names.Kind, names.Plural, names.Singular, names.ListKind));
        Assert.Equal(["rtc"], names.ShortNames);
        Assert.Equal(["realtime"], names.Categories);
        Assert.Equal("Namespaced", Crd.Spec.Scope);
    }

    [Fact]
    public void Serves_v1alpha1_with_status_and_scale_subresources()
    {
        var version = Assert.Single(Crd.Spec.Versions);

        Assert.Equal("v1alpha1", version.Name);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal((".spec.replicas", ".status.replicas", ".status.selector"),
            (version.Subresources.Scale.SpecReplicasPath, version.Subresources.Scale.StatusReplicasPath, version.Subresources.Scale.LabelSelectorPath));
    }

    [Fact]
    public void Prints_desired_current_and_ready_from_status_then_redis_host_and_age()
    {
        var columns = Crd.Spec.Versions[0].AdditionalPrinterColumns;

        Assert.Equal(["Desired", "Current", "Ready", "Redis", "Host", "Age"], columns.Select(c => c.Name));
        // With autoscaling the HPA, not spec.replicas, decides how many pods run: every count comes from status.
        Assert.Equal([".status.desiredReplicas", ".status.replicas", ".status.readyReplicas"], columns.Take(3).Select(c => c.JsonPath));
        Assert.Equal("date", columns.Single(c => c.Name == "Age").Type);
    }

    [Fact]
    public void Carries_no_nullable_false_and_no_fractional_bounds()
    {
        var yaml = CrdManifest.Render();

        Assert.DoesNotContain("nullable", yaml, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(minimum|maximum): -?[0-9]+\.0\b", yaml);
    }

    [Fact]
    public void Publishes_the_defaults_of_the_csharp_initializers()
    {
        Assert.Equal(2, Convert.ToInt32(Spec.Properties["replicas"].DefaultProperty, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/socket.io/", Spec.Properties["socketio"].Properties["path"].DefaultProperty);
        Assert.Equal("Managed", Spec.Properties["redis"].Properties["mode"].DefaultProperty);
        Assert.Equal("IngressNginx", Spec.Properties["routing"].Properties["provider"].DefaultProperty);
        Assert.Equal("Persistent", Spec.Properties["routing"].Properties["sessionAffinity"].Properties["mode"].DefaultProperty);
        Assert.NotNull(Spec.Properties["redis"].DefaultProperty);
        Assert.Null(Spec.Properties["image"].DefaultProperty);
    }

    [Fact]
    public void Every_field_of_our_own_types_is_described()
    {
        var undescribed = typeof(RealtimeCluster).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(RealtimeCluster).Namespace && type.IsClass && !type.IsAbstract && type.IsPublic)
            .Where(type => type.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(type => FieldNames.PropertiesOf(type).Select(property => (type, property)))
            .Where(pair => pair.property.GetCustomAttribute<DescriptionAttribute>() is null
                && pair.property.Name is not (nameof(RealtimeCluster.ApiVersion) or nameof(RealtimeCluster.Kind) or nameof(RealtimeCluster.Metadata)))
            .Select(pair => $"{pair.type.Name}.{pair.property.Name}");

        Assert.Empty(undescribed);
    }

    [Fact]
    public void The_cel_rules_are_in_the_schema_of_the_types_they_name()
    {
        var rules = Spec.XKubernetesValidations.Select(r => r.Rule).ToList();

        Assert.Contains(rules, rule => rule.Contains("self.redis.mode != 'None'", StringComparison.Ordinal));
        Assert.Contains(rules, rule => rule.Contains("'polling' in self.socketio.transports", StringComparison.Ordinal));
        Assert.NotEmpty(Spec.Properties["routing"].XKubernetesValidations);
        Assert.All(Spec.XKubernetesValidations, rule => Assert.False(string.IsNullOrWhiteSpace(rule.Message)));
    }

    [Fact]
    public void Restricts_the_name_in_the_schema_rather_than_in_a_costly_cel_regex()
    {
        var root = Crd.Spec.Versions[0].Schema.OpenAPIV3Schema;
        var name = root.Properties["metadata"].Properties["name"];

        Assert.Equal((50L, "^[a-z]([-a-z0-9]*[a-z0-9])?$"), (name.MaxLength, name.Pattern));
        Assert.Null(root.XKubernetesValidations);
        Assert.DoesNotContain("metadata.name", CrdManifest.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_reads_back_as_a_crd()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdManifest.Render(), strict: true);

        Assert.Equal("realtimeclusters.realtime.dev", crd.Metadata.Name);
        Assert.Equal("object", crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Type);
    }
}
