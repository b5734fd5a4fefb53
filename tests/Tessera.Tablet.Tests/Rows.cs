using System.Text;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.Tests;

// Reads RPC rows (lengths + concatenated values) back as strings for assertions.
internal static class Rows
{
    public static string?[] Values(Row row)
    {
        var values = new string?[row.Lengths.Count];
        var offset = 0;
        var bytes = row.Values.Span;
        for (var i = 0; i < values.Length; i++)
        {
            var length = (int)row.Lengths[i];
            if (length < 0) continue;
            values[i] = Encoding.UTF8.GetString(bytes.Slice(offset, length));
            offset += length;
        }
        return values;
    }

    public static List<string?[]> All(QueryResult result) => [.. result.Rows.Select(Values)];

    public static string? Scalar(QueryResult result) => result.Rows.Count == 0 ? null : Values(result.Rows[0])[0];

    public static QueryResult Ok(ExecuteResponse response)
    {
        Assert.True(response.Error is null, response.Error?.ToString());
        return response.Result;
    }

    public static BoundQuery Query(string sql, params (string Name, BindVariable Value)[] bindings)
    {
        var query = new BoundQuery { Sql = sql };
        foreach (var (name, value) in bindings) query.BindVariables[name] = value;
        return query;
    }

    public static BindVariable Int(long value) => new() { Type = Rpc.Query.Type.Int64, Value = Google.Protobuf.ByteString.CopyFromUtf8(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    public static BindVariable Text(string value) => new() { Type = Rpc.Query.Type.Varchar, Value = Google.Protobuf.ByteString.CopyFromUtf8(value) };
}
