namespace Realtime.Operator.Runtime.Configuration;

/// <summary>No kubeconfig and no in-cluster service account: the process cannot know which API server to talk to.</summary>
public sealed class ApiServerNotConfiguredException(string message) : Exception(message);
