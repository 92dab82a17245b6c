using System.Text.Json.Nodes;
using k8s;
using Realtime.Operator.Api;
using Realtime.Operator.Tests.Api;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// The CRD and RealtimeClusters on Kubernetes' own apiextensions-apiserver, through kubectl, as a user meets them:
/// the CRD is accepted (and wave 1's is refused with the causes kube-apiserver printed), defaults fill in, each
/// rule's message is what `kubectl apply` prints, the status and scale subresources work and server-side apply
/// tracks owners.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class CrdOnApiServerTests(ApiServerFixture fixture)
{
    /// <summary>The nine causes kube-apiserver v1.36 gave for wave 1's CRD (issue 11), each rule as written on a default of {}.</summary>
    public static readonly string[] Wave1Causes =
    [
        "spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: \"object\": no such key: replicas evaluating rule: more than one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External, or replicas to 1",
        "spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: \"object\": no such key: autoscaling evaluating rule: autoscaling beyond one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External",
        "spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: \"object\": no such key: socketio evaluating rule: several replicas with the polling transport need cookie affinity, or clients fail with 'Session ID unknown': enable routing.sessionAffinity, use only the websocket transport, or set routing.provider to None and make the routing sticky yourself",
        "spec.validation.openAPIV3Schema.properties[spec].properties[socketio].default: Invalid value: \"object\": no such key: path evaluating rule: path must not start with one of the server's own endpoints: /api/, /healthz, /readyz, /metrics",
        "spec.validation.openAPIV3Schema.properties[spec].properties[redis].default: Invalid value: \"object\": no such key: mode evaluating rule: mode External needs urlSecretRef: the Secret key holding the redis:// URL of your Redis",
        "spec.validation.openAPIV3Schema.properties[spec].properties[routing].default: Invalid value: \"object\": no such key: provider evaluating rule: provider GatewayAPI needs parentRefs: the Gateway the HTTPRoute attaches to",
        "spec.validation.openAPIV3Schema.properties[spec].properties[routing].default: Invalid value: \"object\": no such key: sessionAffinity evaluating rule: sessionAffinity.mode Balanced is only supported by provider IngressNginx; the other providers keep every client on its pod (Persistent)",
        "spec.validation.openAPIV3Schema.properties[spec].properties[autoscaling].default: Invalid value: \"object\": no such key: minReplicas evaluating rule: minReplicas must not exceed maxReplicas",
        "spec.validation.openAPIV3Schema.properties[spec].properties[drain].default: Invalid value: \"object\": no such key: preStopDelaySeconds evaluating rule: terminationGracePeriodSeconds must exceed preStopDelaySeconds by more than 5 seconds, or no time is left to drain connections",
    ];

    public static TheoryData<string, string, string> RuleViolations => CrossFieldRuleTests.Violations;

    [ApiServerFact]
    public async Task The_wave_1_CRD_is_refused_with_the_causes_kube_apiserver_printed()
    {
        var wave1 = await File.ReadAllTextAsync(RepositoryPaths.Combine("tests", "testdata", "realtimecluster-wave1.yaml"));

        var result = await fixture.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], wave1);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(Lines(Wave1Causes), Lines(Causes(result.StandardError)));
    }

    [ApiServerTheory]
    [MemberData(nameof(CrdAdmissionCases.Cases), MemberType = typeof(CrdAdmissionCases))]
    public async Task A_small_CRD_gets_these_causes(string description, string specSchema, string[] expected)
    {
        var result = await fixture.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], CrdAdmissionCases.Crd(specSchema));

        if (expected.Length == 0)
        {
            Assert.True(result.ExitCode == 0, $"{description}: {result.Describe()}");
        }
        else
        {
            Assert.True(result.ExitCode != 0, $"{description}: accepted");
            Assert.Equal(Lines(expected), Lines(Causes(result.StandardError)));
        }
    }

    [ApiServerFact]
    public async Task A_rule_that_does_not_parse_is_refused_as_a_compilation_failure()
    {
        var result = await fixture.Kubectl.RunAsync(["create", "--dry-run=server", "-f", "-"], CrdAdmissionCases.Crd("""
            type: object
            x-kubernetes-validations:
            - rule: "self.size <"
            """));

        Assert.NotEqual(0, result.ExitCode);
        var cause = Assert.Single(Causes(result.StandardError));
        Assert.StartsWith("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: ", cause, StringComparison.Ordinal);
        Assert.Contains("compilation failed: ", cause, StringComparison.Ordinal);
    }

    [ApiServerFact]
    public async Task The_generated_CRD_is_accepted_and_established()
    {
        await fixture.InstallCrdAsync();

        var conditions = await fixture.Kubectl.SucceedAsync(
            ["get", "crd", "realtimeclusters.realtime.dev", "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")].status}"]);
        Assert.Equal("True", conditions);
    }

    [ApiServerFact]
    public async Task An_empty_spec_is_filled_with_the_same_defaults_as_the_operator_uses()
    {
        await fixture.InstallCrdAsync();

        var created = await fixture.Kubectl.SucceedAsync(["create", "-o", "json", "-f", "-"], Manifests.Cluster("  {}\n", "defaults-empty"));
        var noSpec = await fixture.Kubectl.SucceedAsync(["create", "-o", "json", "-f", "-"],
            "apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: defaults-absent\n");

        var expected = KubernetesJson.Serialize(new RealtimeClusterSpec());
        Assert.Equal(expected, KubernetesJson.Serialize(KubernetesJson.Deserialize<RealtimeCluster>(created).Spec));
        Assert.Equal(expected, KubernetesJson.Serialize(KubernetesJson.Deserialize<RealtimeCluster>(noSpec).Spec));
    }

    [ApiServerFact]
    public async Task Every_example_is_accepted()
    {
        await fixture.InstallCrdAsync();

        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("examples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            await fixture.Kubectl.SucceedAsync(["create", "--dry-run=server", "-f", file]);
        }
    }

    [ApiServerTheory]
    [MemberData(nameof(RuleViolations))]
    public async Task Kubectl_apply_prints_each_rules_message(string spec, string name, string expected)
    {
        await fixture.InstallCrdAsync();

        var result = await fixture.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Cluster(spec, name));

        Assert.NotEqual(0, result.ExitCode);
        var separator = expected.IndexOf(": ", StringComparison.Ordinal);
        var asTheServerSaysIt = $"{expected[..separator]}: Invalid value: {expected[(separator + 2)..]}";
        Assert.Contains(asTheServerSaysIt, Causes(result.StandardError));
    }

    [ApiServerTheory]
    [InlineData("  replicas: 1001\n", "spec.replicas: Invalid value: 1001: spec.replicas in body should be less than or equal to 1000")]
    [InlineData("  redis:\n    mode: managed\n", "spec.redis.mode: Unsupported value: \"managed\": supported values: \"Managed\", \"External\", \"None\"")]
    [InlineData("  redis:\n    highAvailability:\n      enabled: true\n      replicas: 2\n", "spec.redis.highAvailability.replicas: Invalid value: 2: spec.redis.highAvailability.replicas in body should be greater than or equal to 3")]
    [InlineData("  socketio:\n    transports: [websocket, websocket]\n", "spec.socketio.transports[1]: Duplicate value: \"websocket\"")]
    [InlineData("  routing:\n    sessionAffinity:\n      maxAgeSeconds: 0\n", "spec.routing.sessionAffinity.maxAgeSeconds: Invalid value: 0: spec.routing.sessionAffinity.maxAgeSeconds in body should be greater than or equal to 1")]
    public async Task Kubectl_apply_prints_each_schema_constraint(string spec, string expected)
    {
        await fixture.InstallCrdAsync();

        var result = await fixture.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Cluster(spec, "constraints"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, Causes(result.StandardError));
    }

    [ApiServerFact]
    public async Task An_unknown_field_is_refused_by_kubectls_strict_field_validation()
    {
        await fixture.InstallCrdAsync();

        var result = await fixture.Kubectl.RunAsync(["apply", "-f", "-"], Manifests.Cluster("  replica: 3\n", "unknown-field"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"spec.replica\"", result.StandardError, StringComparison.Ordinal);
    }

    [ApiServerFact]
    public async Task Kubectl_get_shows_desired_current_and_ready_from_status_and_kubectl_scale_sets_spec_replicas()
    {
        await fixture.InstallCrdAsync();
        await fixture.Kubectl.SucceedAsync(["create", "-f", "-"], Manifests.Cluster("  replicas: 4\n", "columns"));
        await fixture.Kubectl.SucceedAsync(["patch", "rtc", "columns", "--subresource=status", "--type=merge", "-p",
            """{"status":{"desiredReplicas":3,"replicas":3,"readyReplicas":2,"selector":"app.kubernetes.io/instance=columns"}}"""]);

        var table = await fixture.Kubectl.SucceedAsync(["get", "rtc", "columns"]);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "DESIRED", "CURRENT", "READY", "REDIS", "HOST", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["columns", "3", "3", "2", "Managed"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]);

        await fixture.Kubectl.SucceedAsync(["scale", "rtc", "columns", "--replicas=6"]);
        var scale = JsonNode.Parse(await fixture.Kubectl.SucceedAsync(["get", "rtc", "columns", "--subresource=scale", "-o", "json"]))!;
        Assert.Equal(6, (int)scale["spec"]!["replicas"]!);
        Assert.Equal(3, (int)scale["status"]!["replicas"]!);
        Assert.Equal("app.kubernetes.io/instance=columns", (string)scale["status"]!["selector"]!);
        Assert.Equal("6", await fixture.Kubectl.SucceedAsync(["get", "rtc", "columns", "-o", "jsonpath={.spec.replicas}"]));
    }

    [ApiServerFact]
    public async Task A_status_write_through_the_main_resource_is_ignored()
    {
        await fixture.InstallCrdAsync();
        await fixture.Kubectl.SucceedAsync(["create", "-f", "-"], Manifests.Cluster("  replicas: 1\n", "status-ignored"));

        await fixture.Kubectl.SucceedAsync(["patch", "rtc", "status-ignored", "--type=merge", "-p", """{"status":{"replicas":9}}"""]);

        Assert.Equal("", await fixture.Kubectl.SucceedAsync(["get", "rtc", "status-ignored", "-o", "jsonpath={.status.replicas}"]));
    }

    [ApiServerFact]
    public async Task Server_side_apply_tracks_each_manager_and_refuses_a_conflicting_change_unless_forced()
    {
        await fixture.InstallCrdAsync();
        var first = Manifests.Cluster("  replicas: 3\n", "ssa");
        await fixture.Kubectl.SucceedAsync(["apply", "--server-side", "--field-manager=team-a", "-f", "-"], first);

        var conflict = await fixture.Kubectl.RunAsync(["apply", "--server-side", "--field-manager=team-b", "-f", "-"], Manifests.Cluster("  replicas: 5\n", "ssa"));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"team-a\"", conflict.StandardError, StringComparison.Ordinal);
        Assert.Contains(".spec.replicas", conflict.StandardError, StringComparison.Ordinal);

        await fixture.Kubectl.SucceedAsync(["apply", "--server-side", "--field-manager=team-b", "--force-conflicts", "-f", "-"], Manifests.Cluster("  replicas: 5\n", "ssa"));
        var applied = JsonNode.Parse(await fixture.Kubectl.SucceedAsync(["get", "rtc", "ssa", "-o", "json", "--show-managed-fields"]))!;
        Assert.Equal(5, (int)applied["spec"]!["replicas"]!);
        var managers = applied["metadata"]!["managedFields"]!.AsArray()
            .ToDictionary(entry => (string)entry!["manager"]!, entry => entry!["fieldsV1"]!.ToJsonString());
        Assert.Contains("f:replicas", managers["team-b"], StringComparison.Ordinal);
        Assert.DoesNotContain("f:replicas", managers.GetValueOrDefault("team-a") ?? "", StringComparison.Ordinal);
    }

    /// <summary>Causes one a line, sorted: the apiserver walks schema properties in Go map order, so its order varies.</summary>
    public static string Lines(IEnumerable<string> causes) => string.Join("\n", causes.Order(StringComparer.Ordinal));

    /// <summary>The causes of a refused request as kubectl prints them: after "is invalid: ", one or a bracketed list.</summary>
    public static IReadOnlyList<string> Causes(string kubectlError)
    {
        var start = kubectlError.IndexOf("is invalid: ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"not a validation error: {kubectlError}");
        var text = kubectlError[(start + "is invalid: ".Length)..].TrimEnd();
        // kubectl prints several causes one a line, each after "* ".
        return text.StartsWith("\n* ", StringComparison.Ordinal)
            ? text.Split("\n* ", StringSplitOptions.RemoveEmptyEntries)
            : [text];
    }
}
