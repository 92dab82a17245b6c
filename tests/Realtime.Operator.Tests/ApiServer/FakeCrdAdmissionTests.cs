using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Realtime.FakeKubeApi;
using Realtime.Operator.Crd;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// The fake API server's CRD admission against what the real apiextensions-apiserver says: the same CRDs refused with
/// the same causes (the real server's side is in <see cref="CrdOnApiServerTests"/> and checks the same lists).
/// </summary>
public sealed class FakeCrdAdmissionTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_wave_1_CRD_is_refused_with_the_causes_kube_apiserver_printed()
    {
        var wave1 = await File.ReadAllTextAsync(RepositoryPaths.Combine("tests", "testdata", "realtimecluster-wave1.yaml"));

        var (status, body) = await CreateAsync(wave1);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.StartsWith("CustomResourceDefinition.apiextensions.k8s.io \"realtimeclusters.realtime.dev\" is invalid: [", (string?)body["message"], StringComparison.Ordinal);
        Assert.Equal(CrdOnApiServerTests.Lines(CrdOnApiServerTests.Wave1Causes), CrdOnApiServerTests.Lines(Causes(body)));
    }

    [Fact]
    public async Task The_generated_CRD_is_admitted_and_its_resource_served()
    {
        var (status, body) = await CreateAsync(CrdManifest.Render());

        Assert.True(status == HttpStatusCode.Created, body.ToJsonString());
        var client = _server.CreateClient();
        var cluster = new JsonObject
        {
            ["apiVersion"] = "realtime.dev/v1alpha1",
            ["kind"] = "RealtimeCluster",
            ["metadata"] = new JsonObject { ["name"] = "chat" },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(cluster, "realtime.dev", "v1alpha1", "default", "realtimeclusters");
    }

    [Theory]
    [MemberData(nameof(CrdAdmissionCases.Cases), MemberType = typeof(CrdAdmissionCases))]
    public async Task A_small_CRD_gets_the_causes_the_real_server_gives(string description, string specSchema, string[] expected)
    {
        var (status, body) = await CreateAsync(CrdAdmissionCases.Crd(specSchema));

        if (expected.Length == 0)
        {
            Assert.True(status == HttpStatusCode.Created, $"{description}: {body.ToJsonString()}");
        }
        else
        {
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{description}: {body.ToJsonString()}");
            Assert.Equal(expected, Causes(body));
        }
    }

    [Fact]
    public void A_rule_that_does_not_parse_is_refused_as_a_compilation_failure()
    {
        var crd = YamlJson.Parse(CrdAdmissionCases.Crd("""
            type: object
            x-kubernetes-validations:
            - rule: "self.size <"
            """));

        var cause = Assert.Single(CrdAdmission.Validate(crd));

        Assert.Equal("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule", cause.Field);
        Assert.Contains("compilation failed: ", cause.Body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> CreateAsync(string yaml)
    {
        var json = YamlJson.Parse(yaml).ToJsonString();
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var response = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static List<string> Causes(JsonObject status) =>
        (status["details"]?["causes"] as JsonArray ?? [])
            .Select(cause => $"{(string?)cause!["field"]}: {(string?)cause["message"]}")
            .ToList();
}
