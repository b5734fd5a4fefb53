using System.Text.Json.Nodes;
using Tessera.Gate.Errors;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// One owned lookup vindex an UPDATE or DELETE keeps in step: where its columns sit in the rows of
// the owned-vindex query and, for an UPDATE, where the new value of each column sits (-1: not
// set, so the old one). The new values are computed by MySQL in that query, so a SET of any
// expression of the row (`email = lower(email)`) works; a row whose values do not change keeps
// its lookup row.
internal sealed record DmlOwnedVindex(LookupVindex Vindex, IReadOnlyList<string> Columns, int Offset)
{
    public IReadOnlyList<int>? NewValueOffsets { get; init; }

    // For the description: `column = new value` for each column set.
    public string? NewValuesText { get; init; }
}

// What an UPDATE or DELETE of a table owning lookup vindexes does before its own statement
// (Vitess: DML's KsidVindex, OwnedVindexQuery, Vindexes, ChangedVindexValues): reads the rows it
// will touch with `select <primary vindex column>, <lookup columns> ... for update` on the same
// shards, then per row deletes the lookup rows (DELETE) or moves them to the new values (UPDATE).
internal sealed record DmlOwnedVindexes(string OwnerTable, IVindex KsidVindex, string OwnedVindexQuery, IReadOnlyList<DmlOwnedVindex> Vindexes)
{
    // Returns whether any lookup row was written.
    public async ValueTask<bool> ApplyAsync(bool isDelete, string keyspace, List<(string Shard, IReadOnlyDictionary<string, BindValue> BindVariables)> shards,
        IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var selected = await cursor.ExecuteMultiShardAsync(keyspace, [.. shards.Select(s => (s.Shard, new BoundQuery(OwnedVindexQuery, s.BindVariables)))], isDml: true, cancellationToken).ConfigureAwait(false);
        var wrote = false;
        foreach (var row in selected.SelectMany(r => r.Rows))
        {
            var dest = await KsidVindex.MapAsync(cursor.LookupQuery, [row[0].ToSqlValue()], cancellationToken).ConfigureAwait(false);
            if (dest[0] is not DestinationKeyspaceId ksid)
            {
                throw GateErrors.NoKeyspaceId.Create($"could not map {row[0].ToSqlLiteral()} to a keyspace id (vindex {KsidVindex.Name})");
            }

            foreach (var v in Vindexes)
            {
                var old = new SqlValue[v.Columns.Count];
                for (var c = 0; c < old.Length; c++)
                {
                    old[c] = row[v.Offset + c].ToSqlValue();
                }

                if (isDelete)
                {
                    if (old.Any(x => x.IsNull))
                    {
                        continue; // a NULL value never had a lookup row
                    }

                    await Write(v.Vindex, "Delete", () => v.Vindex.DeleteAsync(cursor.LookupQuery, [old], ksid.Id, cancellationToken)).ConfigureAwait(false);
                    continue;
                }

                var next = new SqlValue[old.Length];
                var changed = false;
                for (var c = 0; c < next.Length; c++)
                {
                    next[c] = v.NewValueOffsets![c] is var at and >= 0 ? row[at].ToSqlValue() : old[c];
                    changed |= next[c].IsNull != old[c].IsNull || !next[c].ToBytes().AsSpan().SequenceEqual(old[c].ToBytes());
                }

                if (!changed)
                {
                    continue;
                }

                // Vitess: Lookup.Update, the old row deleted and the new one created.
                await Write(v.Vindex, "Update", async () =>
                {
                    if (!old.Any(x => x.IsNull))
                    {
                        await v.Vindex.DeleteAsync(cursor.LookupQuery, [old], ksid.Id, cancellationToken).ConfigureAwait(false);
                    }

                    await ConsistentLookupCreate.CreateAsync(v.Vindex, cursor, keyspace, OwnerTable, v.Columns, [next], [ksid.Id], ignoreMode: false, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
        }

        return wrote;

        async ValueTask Write(LookupVindex vindex, string operation, Func<ValueTask> write)
        {
            try
            {
                await LookupWrites.RunAsync(vindex, operation, write).ConfigureAwait(false);
            }
            catch (Exception e) when (wrote)
            {
                throw PartialDmlException.Wrap(e);
            }

            wrote = true;
        }
    }

    public void DescribeInto(JsonObject o)
    {
        o["KsidVindex"] = KsidVindex.Name;
        o["OwnedVindexQuery"] = OwnedVindexQuery;
        o["OwnedVindexes"] = new JsonArray([.. Vindexes.Select(v =>
        {
            var d = new JsonObject
            {
                ["Vindex"] = v.Vindex.Name,
                ["Type"] = v.Vindex.TypeName,
                ["Table"] = v.Vindex.Table.Table,
                ["Columns"] = string.Join(", ", v.Columns),
            };
            if (v.NewValuesText is not null)
            {
                d["NewValues"] = v.NewValuesText;
            }

            return (JsonNode)d;
        })]);
    }
}
