using System.Runtime.ExceptionServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Planning;
using Tessera.Protocol;

namespace Tessera.Gate.Executing;

// A statement whose writes must land together (an owner table's DML and its lookup rows, in
// different keyspaces) runs inside a transaction: in autocommit the gate begins one, commits it
// after the statement and rolls it back on any error, so a failure leaves nothing half-written.
// In the client's own transaction a statement that failed after some of its writes can only be
// undone by rolling that transaction back, which the error then says. Vitess:
// Executor.insideTransaction and rollbackPartialExec (without savepoints).
internal sealed partial class Executor
{
    private const string PartialRollbackNote = "transaction rolled back to reverse changes of partial DML execution";

    private async ValueTask<Result> RunPlanAsync(Plan plan, GateSession session, Dictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var cursor = new SessionCursor(session, gateway, () => vschema.Current);
        if (plan.Instructions is not INeedsTransaction { NeedsTransaction: true })
        {
            return await plan.Instructions.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        }

        var mustCommit = session.Autocommit && !session.InTransaction && session.TabletType == "primary";
        if (mustCommit)
        {
            session.InTransaction = true;
        }

        try
        {
            var result = await plan.Instructions.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
            if (mustCommit)
            {
                await CommitAsync(session, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch (Exception e) when (mustCommit)
        {
            await RollbackQuietlyAsync(session).ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(e is PartialDmlException { InnerException: { } inner } ? inner : e);
            throw;
        }
        catch (PartialDmlException e) when (e.InnerException is { } inner)
        {
            await RollbackQuietlyAsync(session).ConfigureAwait(false);
            throw inner switch
            {
                MySqlErrorException m => new MySqlErrorException(m.Error with { Message = m.Error.Message + ": " + PartialRollbackNote }, inner),
                GateException g => new GateException(g.Code, g.Detail + ": " + PartialRollbackNote, inner),
                _ => new GateException(GateErrors.Internal, inner.Message + ": " + PartialRollbackNote, inner),
            };
        }
    }

    // The rollback runs even when the statement was cancelled; its own failure must not hide the
    // statement's error.
    private async ValueTask RollbackQuietlyAsync(GateSession session)
    {
        try
        {
            await RollbackAsync(session, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlErrorException or GateException or Grpc.Core.RpcException)
        {
            // The tablets end a transaction whose connection is gone on their own.
        }
    }
}
