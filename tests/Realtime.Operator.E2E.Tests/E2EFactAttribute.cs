namespace Realtime.Operator.E2E.Tests;

/// <summary>A test that needs a real cluster: skipped, with the reason shown, unless REALTIME_E2E_KUBECONFIG names a kubeconfig.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class E2EFactAttribute : FactAttribute
{
    public const string Variable = "REALTIME_E2E_KUBECONFIG";

    public E2EFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            Skip = $"{Variable} is not set: these tests run the operator against a disposable cluster (kind or k3d); see docs in the test project.";
        }
        else if (!File.Exists(path))
        {
            Skip = $"{Variable}={path} does not exist.";
        }
    }
}
