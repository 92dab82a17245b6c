using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>A test against the real apiextensions-apiserver: skipped, with the build's reason shown, where it could not be built.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiServerFactAttribute : FactAttribute
{
    public ApiServerFactAttribute()
    {
        Skip = ApiExtensionsServer.UnavailableReason();
    }
}

/// <summary>The <see cref="ApiServerFactAttribute"/> for theories.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiServerTheoryAttribute : TheoryAttribute
{
    public ApiServerTheoryAttribute()
    {
        Skip = ApiExtensionsServer.UnavailableReason();
    }
}
