namespace Tessera.Rpc.QueryWire;

// The query-service calls the wire carries: the unary ones on the gate's hot path. Streams
// (StreamExecute, StreamHealth) and the tablet manager stay on gRPC.
public enum QueryWireMethod : byte
{
    Execute = 1,
    BeginExecute = 2,
    Begin = 3,
    Commit = 4,
    Rollback = 5,
    ReserveExecute = 6,
    Release = 7,
    ExecuteBatch = 8,
}
