using Tessera.Protocol.Client;

namespace Tessera.Tablet.Connections;

// A connection lent by a pool. Returning it puts it back unless it was marked broken (an I/O
// error, a killed connection, session state that must not leak to the next borrower).
internal sealed class PooledConnection(ConnectionPool pool, MySqlClientConnection connection)
{
    public MySqlClientConnection Connection { get; } = connection;
    public uint ConnectionId => Connection.ConnectionId;
    public bool Broken { get; private set; }
    private int returned;

    public void MarkBroken() => Broken = true;

    public void Return()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0) pool.Return(this);
    }
}
