using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// INSERT / REPLACE: unsharded tables as one statement; sharded ones split by the primary vindex
// value of each row. An auto-increment column missing (or NULL) takes values from its sequence,
// bound per row as `:__seqN`. Changing a vindex column in ON DUPLICATE KEY UPDATE is refused.
internal static class InsertPlanner
{
    public static IPrimitive Plan(PlanContext ctx, Sql.Ast.Statements.Insert ins)
    {
        var table = TableResolver.Resolve(ctx, ins.Table);
        if (table.Kind == TableKind.Reference && table.KeyspaceSharded)
        {
            throw GateErrors.UnsupportedError($"INSERT into reference table {table.Name} of a sharded keyspace; write it in its source keyspace");
        }

        if (ins.Select is not null)
        {
            var source = new SelectPlanner(ctx).Plan(ins.Select);
            if (!table.KeyspaceSharded && source is Route r && r.Routing.Keyspace == table.Keyspace && r.Routing.Opcode is RouteOpcode.Unsharded or RouteOpcode.Reference)
            {
                return new Route(new RoutingParams(RouteOpcode.Unsharded, table.Keyspace), QueryText.For(ins, ctx)) { Table = table.Name };
            }

            throw GateErrors.UnsupportedError("INSERT ... SELECT across keyspaces or shards");
        }

        var statement = ins;
        if (ins.Set is not null)
        {
            statement = ins with { Set = null, Columns = [.. ins.Set.Select(a => a.Column.Name)], Rows = [[.. ins.Set.Select(a => a.Value)]] };
        }

        if (statement.Rows is null)
        {
            throw GateErrors.UnsupportedError("this INSERT form");
        }

        var columns = statement.Columns?.ToList();
        var rows = statement.Rows.Select(r => r.ToList()).ToList();
        foreach (var r in rows)
        {
            if (columns is not null && r.Count != columns.Count)
            {
                throw GateErrors.ValueCountMismatch.Create("Column count doesn't match value count at row 1");
            }
        }

        SequenceGenerate? generate = null;
        if (table.AutoIncrement is { } auto)
        {
            if (columns is null)
            {
                throw GateErrors.UnsupportedError($"INSERT into {table.Name} without a column list (its auto-increment comes from a sequence)");
            }

            var ci = columns.FindIndex(c => c.Equals(auto.Column, StringComparison.OrdinalIgnoreCase));
            if (ci < 0)
            {
                columns.Add(auto.Column);
                ci = columns.Count - 1;
                foreach (var r in rows)
                {
                    r.Add(Literal.Null);
                }
            }

            var values = new List<EvalExpr?>();
            for (var i = 0; i < rows.Count; i++)
            {
                var v = rows[i][ci];
                values.Add(v is Literal { Kind: LiteralKind.Null } ? null : EvalTranslator.Translate(v)
                    ?? throw GateErrors.UnsupportedError($"expression as the auto-increment value of {table.Name}"));
                rows[i][ci] = new BindVariable(SequenceGenerate.RowVariable(i));
            }

            var seq = auto.Sequence;
            generate = new SequenceGenerate(seq.Keyspace, $"select next :{SequenceGenerate.CountVariable} values from {seq.Name}", values);
        }

        var prefixStmt = statement with { Columns = columns, Rows = [], OnDuplicate = [] };
        var prefix = QueryText.For(prefixStmt with { Rows = [[Literal.Null]] }, ctx);
        prefix = prefix[..(prefix.LastIndexOf(" values ", StringComparison.Ordinal) + " values ".Length)];
        var rowTexts = rows.Select(r => "(" + string.Join(", ", r.Select(e => QueryText.For(new DoStatement([e]), ctx)[3..])) + ")").ToList();
        var suffix = statement.OnDuplicate.Count == 0 ? "" : QueryText.For(statement with { Rows = [[Literal.Null]] }, ctx) is var full ? full[full.IndexOf(" on duplicate key update ", StringComparison.Ordinal)..] : "";

        if (!table.KeyspaceSharded || table.Kind == TableKind.Sequence)
        {
            return new Engine.Insert(false, table.Keyspace, table.Name, prefix, rowTexts, suffix) { Generate = generate };
        }

        var primary = table.PrimaryVindex ?? throw GateErrors.MissingVindexColumn.Create($"table {table.Name} has no primary vindex");
        foreach (var a in statement.OnDuplicate)
        {
            if (table.ColumnVindexes.Any(cv => cv.Columns.Any(c => c.Equals(a.Column.Name, StringComparison.OrdinalIgnoreCase))))
            {
                throw GateErrors.UnsupportedError($"DML cannot update vindex column {a.Column.Name} (ON DUPLICATE KEY UPDATE)");
            }
        }

        var owned = table.ColumnVindexes.Skip(1).Where(cv => cv.IsOwnedBy(table.Name)).ToList();
        if (owned.Count > 0 && statement.IsReplace)
        {
            // REPLACE deletes the rows it replaces, whose lookup rows the gate cannot see.
            throw GateErrors.UnsupportedError($"REPLACE into {table.Name}, which owns lookup vindex {owned[0].Vindex.Name}");
        }

        var vindexColumn = primary.Columns[0];
        var vi = columns?.FindIndex(c => c.Equals(vindexColumn, StringComparison.OrdinalIgnoreCase)) ?? -1;
        if (vi < 0)
        {
            throw GateErrors.MissingVindexColumn.Create($"INSERT into {table.Name} must give its sharding column {vindexColumn} (vindex {primary.Vindex.Name})");
        }

        var vindexValues = new List<EvalExpr>();
        foreach (var r in rows)
        {
            var v = r[vi];
            vindexValues.Add(EvalTranslator.Translate(v) is { } e && v is BindVariable or Literal
                ? e
                : throw GateErrors.UnsupportedError($"expression as the sharding key of {table.Name}: {AstFacts.Text(v)}"));
        }

        return new Engine.Insert(true, table.Keyspace, table.Name, prefix, rowTexts, suffix)
        {
            Vindex = primary.Vindex,
            VindexValues = vindexValues,
            Generate = generate,
            OwnedVindexes = [.. owned.Select(cv => OwnedValues(table, cv, columns!, rows))],
            IgnoreMode = statement.OnDuplicate.Count > 0 || statement.Options.Contains("ignore", StringComparer.OrdinalIgnoreCase),
        };
    }

    // The values of an owned lookup vindex's columns in each row; a column the INSERT does not
    // name is NULL in every row (its default is the tablet's to know, not the gate's).
    private static InsertOwnedVindex OwnedValues(ResolvedTable table, ResolvedColumnVindex cv, List<string> columns, List<List<Expression>> rows)
    {
        if (cv.Vindex is not Vindexes.LookupVindex lookup)
        {
            throw GateErrors.UnsupportedError($"owned vindex {cv.Vindex.Name} of {table.Name} is not a lookup vindex");
        }

        var offsets = cv.Columns.Select(c => columns.FindIndex(x => x.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        var values = new List<IReadOnlyList<EvalExpr?>>(rows.Count);
        foreach (var r in rows)
        {
            var row = new EvalExpr?[offsets.Count];
            for (var c = 0; c < offsets.Count; c++)
            {
                if (offsets[c] < 0)
                {
                    continue;
                }

                var v = r[offsets[c]];
                row[c] = v is Literal { Kind: LiteralKind.Null } ? null
                    : v is BindVariable or Literal && EvalTranslator.Translate(v) is { } e ? e
                    : throw GateErrors.UnsupportedError($"expression as the value of lookup vindex column {cv.Columns[c]} of {table.Name}: {AstFacts.Text(v)}");
            }

            values.Add(row);
        }

        return new InsertOwnedVindex(lookup, cv.Columns, values);
    }
}
