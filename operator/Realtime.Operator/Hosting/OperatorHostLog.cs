using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Hosting;

internal static partial class OperatorHostLog
{
    [LoggerMessage(1001, LogLevel.Information, "realtime-operator {Identity} watching {Namespaces}; metrics on {MetricsAddress}, health probes on {HealthAddress}")]
    public static partial void Started(ILogger logger, string identity, string namespaces, string metricsAddress, string healthAddress);
}
