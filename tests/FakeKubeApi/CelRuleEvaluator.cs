using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Compiles and evaluates one <c>x-kubernetes-validations</c> rule the way cel-go does inside the apiextensions-apiserver
/// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/compilation.go and validation.go), on the C# CEL engine.
/// Two differences of that engine are bridged here: its <c>||</c> and <c>&amp;&amp;</c> stop at the first error, while
/// CEL's are commutative (cel-go interpreter/interpretable.go evalOr/evalAnd: <c>error || true</c> is true), and its
/// missing-field error is reworded to cel-go's <c>no such key: name</c>.
/// </summary>
public static partial class CelRuleEvaluator
{
    private static readonly CelEnvironment Environment = new(null, null);

    /// <summary>A rule that does not parse gives the error text after "compilation failed: ", else null.</summary>
    public static string? CompileError(string rule)
    {
        try
        {
            Environment.Compile(rule);
            return null;
        }
        catch (CelException error)
        {
            return error.Message;
        }
    }

    /// <summary>True or false, or a <see cref="CelRuleException"/> with cel-go's error text (e.g. <c>no such key: replicas</c>).</summary>
    public static bool Evaluate(string rule, object? self)
    {
        var variables = new Dictionary<string, object?> { ["self"] = self };
        var result = Expression(rule, Environment.Parse(rule).expr(), variables);
        return result as bool? ?? throw new CelRuleException($"rule evaluated to {result ?? "null"}, not a bool");
    }

    private static object? Expression(string rule, CelParser.ExprContext expression, Dictionary<string, object?> variables) =>
        expression.QUESTIONMARK() is null
            ? Or(rule, expression.conditionalOr(0), variables)
            : Run(rule, expression, variables);

    private static object? Or(string rule, CelParser.ConditionalOrContext or, Dictionary<string, object?> variables)
    {
        var operands = or.conditionalAnd();
        if (operands.Length == 1)
        {
            return And(rule, operands[0], variables);
        }

        CelRuleException? firstError = null;
        foreach (var operand in operands)
        {
            try
            {
                if (And(rule, operand, variables) is true)
                {
                    return true;
                }
            }
            catch (CelRuleException error)
            {
                firstError ??= error;
            }
        }

        return firstError is null ? false : throw firstError;
    }

    private static object? And(string rule, CelParser.ConditionalAndContext and, Dictionary<string, object?> variables)
    {
        var operands = and.relation();
        if (operands.Length == 1)
        {
            return Operand(rule, operands[0], variables);
        }

        CelRuleException? firstError = null;
        foreach (var operand in operands)
        {
            try
            {
                if (Operand(rule, operand, variables) is false)
                {
                    return false;
                }
            }
            catch (CelRuleException error)
            {
                firstError ??= error;
            }
        }

        return firstError is null ? true : throw firstError;
    }

    /// <summary>A parenthesized operand is a logical expression of its own; anything else is evaluated as written.</summary>
    private static object? Operand(string rule, CelParser.RelationContext relation, Dictionary<string, object?> variables) =>
        Parenthesized(relation) is { } nested ? Expression(rule, nested, variables) : Run(rule, relation, variables);

    private static CelParser.ExprContext? Parenthesized(ParserRuleContext context)
    {
        while (context is not CelParser.NestedContext)
        {
            if (context.ChildCount != 1 || context.GetChild(0) is not ParserRuleContext only)
            {
                return null;
            }

            context = only;
        }

        return ((CelParser.NestedContext)context).expr();
    }

    private static object? Run(string rule, ParserRuleContext part, Dictionary<string, object?> variables)
    {
        var text = rule[part.Start.StartIndex..(part.Stop.StopIndex + 1)];
        try
        {
            ThrowForMissingKeysInMacros(rule, part, variables);
            return Environment.Program(text, variables);
        }
        catch (CelNoSuchFieldException error) when (MissingField().Match(error.Message) is { Success: true } missing)
        {
            throw new CelRuleException($"no such key: {missing.Groups[1].Value}");
        }
        catch (CelTypeDoesNotSupportFieldSelectionException error)
            when (SelectionOnMissing().Match(error.Message) is { Success: true } selection && IsMissing(selection.Groups[1].Value, variables))
        {
            // The engine resolves self.a.b as one qualified name; cel-go fails on the missing map key a itself.
            throw new CelRuleException($"no such key: {selection.Groups[1].Value.Split('.')[^1]}");
        }
        catch (CelException error)
        {
            throw new CelRuleException(error.Message);
        }
    }

    /// <summary>
    /// The engine treats a predicate error inside exists()/all() as false; in cel-go an error on every element with
    /// none deciding the result is the macro's result. A predicate reading a missing key of self fails on every
    /// element alike, so over a non-empty list that is the error cel-go reports.
    /// </summary>
    private static void ThrowForMissingKeysInMacros(string rule, IParseTree part, Dictionary<string, object?> variables)
    {
        foreach (var call in Descendants(part).OfType<CelParser.MemberCallContext>())
        {
            if (call.id.Text is not ("exists" or "all" or "exists_one") || call.args?.expr() is not { Length: 2 } arguments)
            {
                continue;
            }

            var target = call.member();
            var list = Environment.Program(rule[target.Start.StartIndex..(target.Stop.StopIndex + 1)], variables);
            if (list is not System.Collections.ICollection { Count: > 0 })
            {
                continue;
            }

            foreach (var selection in Descendants(arguments[1]).OfType<CelParser.SelectContext>())
            {
                var chain = selection.GetText();
                if (SelfSelection().IsMatch(chain) && FirstMissing(chain, variables) is { } missing)
                {
                    throw new CelRuleException($"no such key: {missing}");
                }
            }
        }
    }

    private static IEnumerable<IParseTree> Descendants(IParseTree tree)
    {
        yield return tree;
        for (var i = 0; i < tree.ChildCount; i++)
        {
            foreach (var descendant in Descendants(tree.GetChild(i)))
            {
                yield return descendant;
            }
        }
    }

    private static bool IsMissing(string dottedPath, Dictionary<string, object?> variables) => FirstMissing(dottedPath, variables) is not null;

    private static string? FirstMissing(string dottedPath, Dictionary<string, object?> variables)
    {
        object? value = variables;
        foreach (var name in dottedPath.Split('.'))
        {
            if (value is not IDictionary<string, object?> map || !map.TryGetValue(name, out value))
            {
                return name;
            }
        }

        return null;
    }

    [GeneratedRegex("select field '([^']+)'")]
    private static partial Regex MissingField();

    [GeneratedRegex(@"^self(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex SelfSelection();

    [GeneratedRegex(@"^Type '([A-Za-z_][A-Za-z0-9_.]*)' does not support field selection")]
    private static partial Regex SelectionOnMissing();
}

/// <summary>A rule that could not be evaluated to a bool, with the text cel-go gives for it.</summary>
public sealed class CelRuleException(string message) : Exception(message);
