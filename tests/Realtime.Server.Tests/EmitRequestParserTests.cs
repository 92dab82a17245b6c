using System.Text;
using Realtime.Server.Api;

namespace Realtime.Server.Tests;

public class EmitRequestParserTests
{
    private static EmitParseResult Parse(string json) => EmitRequestParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_room_emit_is_parsed()
    {
        var command = Parse("""{"event":"news","data":{"a":[1,2]},"room":"lobby"}""").Command!;

        Assert.Equal("/", command.Namespace);
        Assert.Equal("news", command.Event);
        Assert.Equal("""{"a":[1,2]}""", command.Data!.Value.GetRawText());
        Assert.Equal(["lobby"], command.Rooms);
    }

    [Fact]
    public void Rooms_and_namespace_are_parsed_and_duplicates_removed()
    {
        var command = Parse("""{"event":"news","rooms":["a","b","a"],"namespace":"/chat"}""").Command!;

        Assert.Equal("/chat", command.Namespace);
        Assert.Null(command.Data);
        Assert.Equal(["a", "b"], command.Rooms);
    }

    [Fact]
    public void Without_a_room_the_emit_goes_to_everyone() =>
        Assert.Empty(Parse("""{"event":"news","data":1}""").Command!.Rooms);

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"data":1}""", "'event' is required")]
    [InlineData("""{"event":5}""", "'event' is required")]
    [InlineData("""{"event":""}""", "non-empty string")]
    [InlineData("""{"event":"disconnect"}""", "reserved")]
    [InlineData("""{"event":"connect"}""", "reserved")]
    [InlineData("""{"event":"x","romm":"a"}""", "unknown field 'romm'")]
    [InlineData("""{"event":"x","room":"a","rooms":["b"]}""", "not both")]
    [InlineData("""{"event":"x","room":""}""", "room must be")]
    [InlineData("""{"event":"x","room":7}""", "'room' must be a string")]
    [InlineData("""{"event":"x","rooms":[]}""", "array of 1 to 100")]
    [InlineData("""{"event":"x","rooms":"a"}""", "array of 1 to 100")]
    [InlineData("""{"event":"x","rooms":[1]}""", "must hold strings")]
    [InlineData("""{"event":"x","namespace":"chat"}""", "starting with '/'")]
    [InlineData("""{"event":"x","namespace":null}""", "starting with '/'")]
    public void Bad_requests_say_what_is_wrong(string body, string problem)
    {
        var result = Parse(body);

        Assert.Null(result.Command);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_rather_than_recursed()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000));

        Assert.Contains("not valid JSON", Parse($$"""{"event":"x","data":{{deep}}}""").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_rooms_are_refused()
    {
        var rooms = string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"r{i}\""));

        Assert.Contains("array of 1 to 100", Parse($$"""{"event":"x","rooms":[{{rooms}}]}""").Problem, StringComparison.Ordinal);
    }
}
