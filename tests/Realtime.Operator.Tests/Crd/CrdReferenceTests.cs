using Realtime.Operator.Api;
using Realtime.Operator.Crd;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Crd;

public sealed class CrdReferenceTests
{
    [Fact]
    public void The_checked_in_reference_is_what_the_types_generate()
    {
        var checkedIn = File.ReadAllText(RepositoryPaths.Combine("docs", "reference.md"));

        Assert.True(checkedIn == CrdReference.Render(), "docs/reference.md is stale: run `make crds` and commit the result");
    }

    [Fact]
    public void Documents_nested_fields_rules_columns_and_condition_types_of_the_real_crd()
    {
        var reference = CrdReference.Render();

        Assert.Contains("| `spec.routing.sessionAffinity.cookieName` | string | `route` |", reference, StringComparison.Ordinal);
        Assert.Contains("| `spec.routing.parentRefs[].name` |", reference, StringComparison.Ordinal);
        Assert.Contains("mode External needs urlSecretRef", reference, StringComparison.Ordinal);
        Assert.Contains("| Ready | integer | `.status.readyReplicas` |", reference, StringComparison.Ordinal);
        Assert.Contains("| `status.readyReplicas` | integer (int32) |", reference, StringComparison.Ordinal);
        Assert.All(ConditionTypes.All, type => Assert.Contains($"`{type}`", reference, StringComparison.Ordinal));
        Assert.DoesNotContain("spec.affinity.nodeAffinity", reference, StringComparison.Ordinal);
    }

    [Fact]
    public void The_conditions_description_names_every_condition_type()
    {
        var conditions = CrdGenerator.Generate().Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["status"].Properties["conditions"];

        Assert.All(ConditionTypes.All, type => Assert.Contains(type, conditions.Description, StringComparison.Ordinal));
    }
}
