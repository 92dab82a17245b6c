using System.Net;
using k8s.Autorest;
using Realtime.Operator.Reconcile;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class ApplyFailureTests
{
    [Fact]
    public void An_apiserver_Status_gives_the_code_the_reason_and_the_message()
    {
        var failure = ApplyFailure.From("", "Deployment/chat", Error(HttpStatusCode.UnprocessableEntity,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","message":"spec.replicas: Invalid value: -1","code":422}"""));

        Assert.Equal((422, "Invalid", "spec.replicas: Invalid value: -1"), (failure.StatusCode, failure.Reason, failure.Message));
        Assert.Equal("Deployment/chat: 422 spec.replicas: Invalid value: -1", failure.ToString());
    }

    [Fact]
    public void A_body_that_is_not_a_Status_is_reported_as_it_came_and_bounded()
    {
        var failure = ApplyFailure.From("delete ", "Service/chat", Error(HttpStatusCode.BadGateway, new string('x', 5000)));

        Assert.Null(failure.Reason);
        Assert.Equal(300, failure.Message.Length);
        Assert.StartsWith("delete Service/chat: 502 xxx", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_incomplete_reconcile_carries_every_failure()
    {
        var failures = new[] { new ApplyFailure("", "Deployment/chat", null, "WaitingForSecret", "waits for Secret chat-redis-auth") };

        var error = new ReconcileIncompleteException("apps/chat", failures);

        Assert.Same(failures, error.Failures);
        Assert.Equal("reconcile of apps/chat incomplete: Deployment/chat: waits for Secret chat-redis-auth", error.Message);
    }

    private static HttpOperationException Error(HttpStatusCode code, string content) =>
        new() { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), content) };
}
