namespace Realtime.Testing.Tests;

public sealed class DockerfileEnvironmentTests
{
    [Fact]
    public void Reads_the_last_stages_env_across_continuations_and_comments()
    {
        var environment = DockerfileEnvironment.Parse("""
            FROM sdk AS build
            ENV BUILD_ONLY=1
            RUN make
            FROM runtime
            # why A is set
            ENV A=1 \
            # why B is set
                B=0x800000
            env C=c=d
            ENTRYPOINT ["app"]
            """);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "0x800000", ["C"] = "c=d" }, environment);
    }

    [Theory]
    [InlineData("FROM runtime\nENV KEY value")]
    [InlineData("FROM runtime\nENV KEY=\"quoted value\"")]
    public void Refuses_the_forms_it_does_not_read(string dockerfile)
    {
        var error = Assert.Throws<FormatException>(() => DockerfileEnvironment.Parse(dockerfile));

        Assert.Contains("ENV KEY", error.Message, StringComparison.Ordinal);
    }
}
