using System.Text.RegularExpressions;
using k8s.Models;
using Realtime.Operator.Api.Validation;
using Realtime.Operator.Crd;

namespace Realtime.Operator.Tests.Crd;

/// <summary>
/// No CEL engine is at hand, so each rule's field references are checked against the schema it is attached to:
/// a renamed property would otherwise leave a rule that the API server rejects when the CRD is installed.
/// </summary>
public sealed partial class CelRuleShapeTests
{
    public static TheoryData<int> RuleIndexes => new(Enumerable.Range(0, CrossFieldRules.All.Count));

    [Theory]
    [MemberData(nameof(RuleIndexes))]
    public void Every_field_a_rule_reads_exists_in_its_schema(int index)
    {
        var rule = CrossFieldRules.All[index];
        var schema = SchemaBuilder.For(rule.Target);

        foreach (Match reference in SelfReference().Matches(rule.Cel))
        {
            var node = schema;
            var fields = reference.Groups["path"].Value.Split('.');
            var isMethodCall = reference.Index + reference.Length < rule.Cel.Length && rule.Cel[reference.Index + reference.Length] == '(';
            foreach (var field in isMethodCall ? fields[..^1] : fields)
            {
                Assert.True(node.Properties?.ContainsKey(field) == true, $"rule {rule.Cel} reads self.{reference.Groups["path"].Value}, which {rule.Target.Name} does not have");
                node = node.Properties![field];
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleIndexes))]
    public void Every_rule_blames_a_field_that_exists(int index)
    {
        var rule = CrossFieldRules.All[index];
        V1JSONSchemaProps? node = SchemaBuilder.For(rule.Target);
        var path = rule.FieldPath.TrimStart('.').Split('.');

        foreach (var field in path)
        {
            Assert.True(node?.Properties?.ContainsKey(field) == true, $"{rule.FieldPath} is not a field of {rule.Target.Name}");
            node = node!.Properties![field];
        }
    }

    [GeneratedRegex(@"self\.(?<path>[a-zA-Z]+(\.[a-zA-Z]+)*)")]
    private static partial Regex SelfReference();
}
