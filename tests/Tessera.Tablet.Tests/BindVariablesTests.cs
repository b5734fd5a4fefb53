using Google.Protobuf;
using Google.Protobuf.Collections;
using Tessera.Rpc.Query;
using Tessera.Tablet.QueryService;

namespace Tessera.Tablet.Tests;

public sealed class BindVariablesTests
{
    private static string Expand(string sql, params (string Name, Rpc.Query.Type Type, string Value)[] values)
    {
        var map = new MapField<string, BindVariable>();
        foreach (var (name, type, value) in values) map[name] = new BindVariable { Type = type, Value = ByteString.CopyFromUtf8(value) };
        return BindVariables.Substitute(sql, map);
    }

    [Theory]
    [InlineData("o'hara", "'o\\'hara'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("line\nbreak\0nul", "'line\\nbreak\\0nul'")]
    [InlineData("\"double\"", "'\\\"double\\\"'")]
    [InlineData("x\u001ay", "'x\\Zy'")]
    [InlineData("ünïcode", "'ünïcode'")]
    public void Text_IsQuotedAndEscaped(string value, string literal) =>
        Assert.Equal($"select * from t where a = {literal}", Expand("select * from t where a = :a", ("a", Rpc.Query.Type.Varchar, value)));

    [Fact]
    public void Integers_AreWrittenBare_AndNonNumbersRefused()
    {
        Assert.Equal("select 42, -7", Expand("select :a, :b", ("a", Rpc.Query.Type.Int64, "42"), ("b", Rpc.Query.Type.Int32, "-7")));
        var e = Assert.Throws<TabletException>(() => Expand("select :a", ("a", Rpc.Query.Type.Int64, "1 or 1=1")));
        Assert.Contains("not a value of its declared type", e.Message, StringComparison.Ordinal);
        Assert.Throws<TabletException>(() => Expand("select :a", ("a", Rpc.Query.Type.Float64, "1e5; drop")));
        Assert.Equal("select 1.5e3", Expand("select :a", ("a", Rpc.Query.Type.Float64, "1.5e3")));
    }

    [Fact]
    public void Placeholders_InsideQuotesAndComments_AreLeftAlone()
    {
        var sql = "select ':a', `:a`, \":a\" /* :a */ from t where x = :a -- :a\n";
        Assert.Equal("select ':a', `:a`, \":a\" /* :a */ from t where x = 5 -- :a\n", Expand(sql, ("a", Rpc.Query.Type.Int64, "5")));
    }

    [Fact]
    public void MissingBindVariable_IsAnError_NamingIt()
    {
        var e = Assert.Throws<TabletException>(() => Expand("select :b", ("a", Rpc.Query.Type.Int64, "1")));
        Assert.Equal("missing bind var b", e.Message);
    }

    [Fact]
    public void Binary_IsWrittenAsHex_AndExpressionsRefused()
    {
        var map = new MapField<string, BindVariable>
        {
            ["b"] = new BindVariable { Type = Rpc.Query.Type.Varbinary, Value = ByteString.CopyFrom(0x00, 0xff, 0x27) },
        };
        Assert.Equal("select X'00FF27'", BindVariables.Substitute("select :b", map));
        Assert.Throws<TabletException>(() => Expand("select :e", ("e", Rpc.Query.Type.Expression, "sleep(10)")));
    }

    [Fact]
    public void Tuple_ExpandsToAParenthesisedList()
    {
        var list = new BindVariable { Type = Rpc.Query.Type.Tuple };
        list.Values.Add(new Value { Type = Rpc.Query.Type.Int64, Value_ = ByteString.CopyFromUtf8("1") });
        list.Values.Add(new Value { Type = Rpc.Query.Type.Varchar, Value_ = ByteString.CopyFromUtf8("a'b") });
        var map = new MapField<string, BindVariable> { ["ids"] = list };
        Assert.Equal("select * from t where id in (1, 'a\\'b')", BindVariables.Substitute("select * from t where id in ::ids", map));
    }

    [Fact]
    public void AssignmentOperator_IsNotAPlaceholder() =>
        Assert.Equal("select @x := 1, 2", Expand("select @x := 1, :a", ("a", Rpc.Query.Type.Int64, "2")));
}
