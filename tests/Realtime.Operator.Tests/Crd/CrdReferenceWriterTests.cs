using k8s.Models;
using Realtime.Operator.Crd;

namespace Realtime.Operator.Tests.Crd;

public sealed class CrdReferenceWriterTests
{
    private static readonly string Reference = CrdReferenceWriter.Write(TinyCrd(), ["Ready", "Stuck"]);

    [Fact]
    public void Starts_with_the_do_not_edit_header_and_names_the_api()
    {
        Assert.StartsWith(CrdReferenceWriter.Header + "# Widget reference\n\nA tiny widget.\n", Reference, StringComparison.Ordinal);
        Assert.Contains("`apiVersion: example.dev/v1`", Reference, StringComparison.Ordinal);
        Assert.Contains("short `wd`", Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_each_field_path_with_type_default_constraints_and_description()
    {
        Assert.Contains("| `spec.size` | integer (int32) | `3` | 1–9 | How big. |", Reference, StringComparison.Ordinal);
        Assert.Contains("| `spec.shape` | string | `Round` | one of `Round`, `Square` | Its shape. |", Reference, StringComparison.Ordinal);
        Assert.Contains("| `spec.tags` | array of string | `[\"a\"]` | 1–4 items; no duplicates; each 2–8 characters | Labels. |", Reference, StringComparison.Ordinal);
        Assert.Contains("| `spec.parts[].name` | string |  | required | Part name. |", Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_pipes_and_backticks_of_patterns_inside_one_table_cell()
    {
        Assert.Contains("| `spec.token` | string |  | matches `` ^[a`\\|b]+$ `` |  |\n", Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Omits_sub_fields_that_say_nothing_beyond_their_shape()
    {
        Assert.Contains("| `spec.embedded` | object |", Reference, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.embedded.inner", Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_cel_rules_where_they_report_with_their_messages()
    {
        Assert.Contains("| `spec.size` | size must be odd | `self.size % 2 == 1` |", Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_printer_columns_status_fields_and_condition_types()
    {
        Assert.Contains("| Size | integer | `.spec.size` | How big. |", Reference, StringComparison.Ordinal);
        Assert.Contains("| Extra (wide) | string | `.status.phase` |  |", Reference, StringComparison.Ordinal);
        Assert.Contains("## Status\n", Reference, StringComparison.Ordinal);
        Assert.Contains("| `status.phase` | string | Where it is: &lt;phase>. |", Reference, StringComparison.Ordinal);
        Assert.Contains("one condition of each type: `Ready`, `Stuck`.", Reference, StringComparison.Ordinal);
        Assert.True(Reference.IndexOf("`spec.size`", StringComparison.Ordinal) < Reference.IndexOf("## Status", StringComparison.Ordinal));
    }

    [Fact]
    public void A_crd_without_a_schema_is_a_clear_error()
    {
        var crd = TinyCrd();
        crd.Spec.Versions[0].Schema = null;

        var error = Assert.Throws<ArgumentException>(() => CrdReferenceWriter.Write(crd, []));

        Assert.Contains("no openAPIV3Schema", error.Message, StringComparison.Ordinal);
    }

    private static V1CustomResourceDefinition TinyCrd() => new()
    {
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.dev",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Kind = "Widget", Plural = "widgets", ShortNames = ["wd"] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    AdditionalPrinterColumns =
                    [
                        new V1CustomResourceColumnDefinition { Name = "Size", Type = "integer", JsonPath = ".spec.size", Description = "How big." },
                        new V1CustomResourceColumnDefinition { Name = "Extra", Type = "string", JsonPath = ".status.phase", Priority = 1 },
                    ],
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = TinySchema() },
                },
            ],
        },
    };

    private static V1JSONSchemaProps TinySchema() => new()
    {
        Type = "object",
        Description = "A tiny widget.",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["apiVersion"] = new() { Type = "string" },
            ["spec"] = new()
            {
                Type = "object",
                Properties = new Dictionary<string, V1JSONSchemaProps>
                {
                    ["size"] = new() { Type = "integer", Format = "int32", Minimum = 1, Maximum = 9, DefaultProperty = 3, Description = "How big." },
                    ["shape"] = new() { Type = "string", EnumProperty = ["Round", "Square"], DefaultProperty = "Round", Description = "Its shape." },
                    ["tags"] = new()
                    {
                        Type = "array",
                        Items = new V1JSONSchemaProps { Type = "string", MinLength = 2, MaxLength = 8 },
                        MinItems = 1,
                        MaxItems = 4,
                        XKubernetesListType = "set",
                        DefaultProperty = new List<object> { "a" },
                        Description = "Labels.",
                    },
                    ["parts"] = new()
                    {
                        Type = "array",
                        Items = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Required = ["name"],
                            Properties = new Dictionary<string, V1JSONSchemaProps> { ["name"] = new() { Type = "string", Description = "Part name." } },
                        },
                    },
                    ["token"] = new() { Type = "string", Pattern = "^[a`|b]+$" },
                    ["embedded"] = new()
                    {
                        Type = "object",
                        Properties = new Dictionary<string, V1JSONSchemaProps> { ["inner"] = new() { Type = "string" } },
                    },
                },
                XKubernetesValidations = [new V1ValidationRule { Rule = "self.size % 2 == 1", Message = "size must be odd", FieldPath = ".size" }],
            },
            ["status"] = new()
            {
                Type = "object",
                Properties = new Dictionary<string, V1JSONSchemaProps> { ["phase"] = new() { Type = "string", Description = "Where it is:\n<phase>." } },
            },
        },
    };
}
