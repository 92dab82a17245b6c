namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// Small CRDs whose refusal (or acceptance) both the real apiextensions-apiserver and the fake's CRD admission must
/// agree on, cause for cause. Each is the schema of a <c>widgets.example.dev</c> CRD under <c>spec</c>.
/// </summary>
public static class CrdAdmissionCases
{
    public const string Name = "widgets.example.dev";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "an object default of {} under a rule that reads a field",
            """
            type: object
            default: {}
            properties:
              size: {type: integer, default: 1}
            x-kubernetes-validations:
            - rule: self.size < 10
              message: size must stay below 10
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: \"object\": no such key: size evaluating rule: size must stay below 10"]
        },
        {
            "the same rule guarded with has()",
            """
            type: object
            default: {}
            properties:
              size: {type: integer, default: 1}
            x-kubernetes-validations:
            - rule: "!has(self.size) || self.size < 10"
              message: size must stay below 10
            """,
            []
        },
        {
            "an error on one side of || is absorbed by a true other side, as CEL's commutative logic says",
            """
            type: object
            default: {}
            properties:
              size: {type: integer}
            x-kubernetes-validations:
            - rule: self.size < 10 || !has(self.size)
            """,
            []
        },
        {
            "a default that breaks its own rule, without a message",
            """
            type: object
            default: {size: 20}
            properties:
              size: {type: integer}
            x-kubernetes-validations:
            - rule: self.size < 10
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: failed rule: self.size < 10"]
        },
        {
            "a default above its maximum",
            """
            type: object
            properties:
              size: {type: integer, maximum: 5, default: 7}
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].properties[size].default: Invalid value: 7:  in body should be less than or equal to 5"]
        },
        {
            "a default outside its enum",
            """
            type: object
            properties:
              mode: {type: string, enum: [A, B], default: C}
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].properties[mode].default: Unsupported value: \"C\": supported values: \"A\", \"B\""]
        },
        {
            "a default with a field the schema does not know",
            """
            type: object
            properties:
              size: {type: integer}
            default: {colour: red}
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: {\"colour\":\"red\"}: must not have unknown fields"]
        },
        {
            "a field without a type",
            """
            type: object
            properties:
              size: {description: how big}
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields"]
        },
        {
            "an array without items",
            """
            type: object
            properties:
              tags: {type: array}
            """,
            ["spec.validation.openAPIV3Schema.properties[spec].properties[tags].items: Required value: must be specified"]
        },
    };

    /// <summary>The whole CRD, with <paramref name="specSchema"/> indented under properties.spec.</summary>
    public static string Crd(string specSchema)
    {
        var indented = string.Join("\n", specSchema.Split('\n').Select(line => "            " + line));
        return $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: {{Name}}
            spec:
              group: example.dev
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
            {{indented}}

            """;
    }
}
