using System.Runtime.ExceptionServices;
using Tessera.Gate.Engine;

namespace Tessera.Gate.Executing;

// A shard joins the session's transaction with its first statement (BeginExecute). When that
// statement fails the transaction still exists on the tablet: it joins the session all the same,
// so COMMIT / ROLLBACK end it, and the statement's error goes to the client.
internal sealed partial class SessionCursor
{
    private async ValueTask<Result> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var (txid, result) = session.BeginIsolation is { } isolation
                ? await gateway.BeginExecuteAsync(target, isolation, query, cancellationToken).ConfigureAwait(false)
                : await gateway.BeginExecuteAsync(target, query, cancellationToken).ConfigureAwait(false);
            session.ShardSessions.Add((target, txid));
            return result;
        }
        catch (BegunTransactionException e)
        {
            session.ShardSessions.Add((target, e.TransactionId));
            ExceptionDispatchInfo.Throw(e.Error);
            throw;
        }
    }
}
