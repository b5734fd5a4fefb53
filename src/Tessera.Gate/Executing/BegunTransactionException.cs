using Tessera.Protocol;
using Rq = Tessera.Rpc.Query;

namespace Tessera.Gate.Executing;

// A BeginExecute whose statement failed after the tablet had begun the transaction (the tablet
// returns the id with the error): the session must keep that id, to go on with the transaction or
// roll it back, or the tablet holds it (and its row locks) until its transaction timeout.
internal sealed class BegunTransactionException(long transactionId, MySqlErrorException error) : Exception(error.Message, error)
{
    public long TransactionId { get; } = transactionId;

    public MySqlErrorException Error { get; } = error;

    public static void ThrowIfError(Rq.RpcError? e, long transactionId)
    {
        try
        {
            ProtoConvert.ThrowIfError(e);
        }
        catch (MySqlErrorException m) when (transactionId != 0)
        {
            throw new BegunTransactionException(transactionId, m);
        }
    }
}
