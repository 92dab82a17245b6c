using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>The timings, metrics and loggers a built controller runs with.</summary>
public sealed record ControllerSettings(ControllerOptions Controller, WatcherOptions Watch, OperatorMetrics Metrics, ILoggerFactory Loggers);
