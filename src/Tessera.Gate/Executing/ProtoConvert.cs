using Google.Protobuf;
using Tessera.Gate.Engine;
using Tessera.Protocol;
using Rq = Tessera.Rpc.Query;

namespace Tessera.Gate.Executing;

// Gate values ↔ query.proto messages. Rows arrive as lengths + one byte string; each value is
// sliced out once (the gate keeps text-form bytes, as MySQL sent them).
internal static class ProtoConvert
{
    public static Rq.BoundQuery ToProto(BoundQuery q)
    {
        var b = new Rq.BoundQuery { Sql = q.Sql };
        foreach (var (name, v) in q.BindVariables)
        {
            var bv = new Rq.BindVariable();
            if (v.IsTuple)
            {
                bv.Type = Rq.Type.Tuple;
                foreach (var x in v.Values!)
                {
                    bv.Values.Add(new Rq.Value { Type = x.Type, Value_ = x.IsNull ? ByteString.Empty : ByteString.CopyFrom(x.Raw) });
                }
            }
            else
            {
                bv.Type = v.Value.Type;
                bv.Value = v.Value.IsNull ? ByteString.Empty : ByteString.CopyFrom(v.Value.Raw);
            }

            b.BindVariables[name] = bv;
        }

        return b;
    }

    public static Result FromProto(Rq.QueryResult r)
    {
        var fields = r.Fields.Select(f => new Field(f.Name, f.Type)
        {
            Table = f.Table,
            OrgTable = f.OrgTable,
            Database = f.Database,
            OrgName = f.OrgName,
            ColumnLength = f.ColumnLength,
            Charset = f.Charset,
            Decimals = f.Decimals,
            Flags = f.Flags,
        }).ToList();
        var rows = new List<Value[]>(r.Rows.Count);
        foreach (var row in r.Rows)
        {
            var bytes = row.Values.Span;
            var values = new Value[row.Lengths.Count];
            var offset = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var len = (int)row.Lengths[i];
                if (len < 0)
                {
                    values[i] = Value.Null;
                    continue;
                }

                values[i] = new Value(i < fields.Count ? fields[i].Type : Rq.Type.Varbinary, bytes.Slice(offset, len).ToArray());
                offset += len;
            }

            rows.Add(values);
        }

        return new Result(fields, rows) { RowsAffected = r.RowsAffected, InsertId = r.InsertId };
    }

    public static void ThrowIfError(Rq.RpcError? e)
    {
        if (e is not null && (e.MysqlErrno != 0 || e.Message.Length > 0))
        {
            throw new MySqlErrorException(new MySqlError(e.MysqlErrno == 0 ? 1105 : (int)e.MysqlErrno, e.Sqlstate.Length == 5 ? e.Sqlstate : "HY000", e.Message));
        }
    }
}
