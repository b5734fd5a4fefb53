using Tessera.Gate.Errors;
using Tessera.Protocol;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// The owner table's side of its lookup vindexes: runs one lookup write and says which vindex and
// table an error came from, keeping MySQL's number and SQLSTATE (a duplicate unique value stays
// 1062 / 23000). Vitess wraps the same errors as `lookup.Create: ...` / `lookup.Delete: ...`.
internal static class LookupWrites
{
    public static async ValueTask RunAsync(LookupVindex vindex, string operation, Func<ValueTask> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (MySqlErrorException e)
        {
            throw Named(e);
        }
        catch (PartialDmlException p) when (p.InnerException is MySqlErrorException e)
        {
            throw new PartialDmlException(Named(e));
        }
        catch (LookupNullException e)
        {
            throw new GateException(GateErrors.LookupNullValue, $"{e.Message} (lookup vindex {vindex.Name}, table {vindex.Table.Table})", e);
        }

        MySqlErrorException Named(MySqlErrorException e) => new(new MySqlError(e.Error.Number, e.Error.SqlState,
            $"lookup.{operation}: {e.Error.Message} (lookup vindex {vindex.Name}, table {vindex.Table.Table})"), e);
    }
}

// A DML that failed after some of its writes went through (lookup rows written, then the owner
// rows refused): the executor must undo the whole statement, which it can only do by rolling back
// the transaction (Vitess: rollbackOnPartialExec). Carries the error the client should see.
internal sealed class PartialDmlException(Exception inner) : Exception(inner.Message, inner)
{
    public static PartialDmlException Wrap(Exception e) => e as PartialDmlException ?? new PartialDmlException(e);
}

// A primitive whose writes span keyspaces or shards and must land together: in autocommit the
// executor wraps it in one transaction (Vitess: Primitive.NeedsTransaction / insideTransaction).
internal interface INeedsTransaction
{
    bool NeedsTransaction { get; }
}
