using Grpc.Core;
using Tessera.Ctld.Admin;
using Tessera.Keys;
using Tessera.Topo.Backend;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Ctld.Grpc;

// Maps what an admin operation throws to a gRPC status whose detail is the one line the client
// prints (as vtctld turns topo errors into vtrpc codes).
internal static class RpcErrors
{
    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    internal static Status? ToStatus(Exception e) => e switch
    {
        CtldException c => new Status(c.Code switch
        {
            CtldErrorCode.NotFound => StatusCode.NotFound,
            CtldErrorCode.AlreadyExists => StatusCode.AlreadyExists,
            CtldErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
            _ => StatusCode.InvalidArgument,
        }, c.Message),
        TopoException t => new Status(t.Code switch
        {
            TopoErrorCode.NoNode => StatusCode.NotFound,
            TopoErrorCode.NodeExists => StatusCode.AlreadyExists,
            TopoErrorCode.NodeNotEmpty => StatusCode.FailedPrecondition,
            TopoErrorCode.BadVersion => StatusCode.Aborted,
            TopoErrorCode.Timeout => StatusCode.DeadlineExceeded,
            TopoErrorCode.Interrupted => StatusCode.Cancelled,
            TopoErrorCode.InvalidPath or TopoErrorCode.BadData => StatusCode.InvalidArgument,
            _ => StatusCode.Internal,
        }, t.Message),
        VSchemaException v => new Status(StatusCode.InvalidArgument, v.Errors.Count > 0 ? "invalid VSchema: " + v.Message : v.Message),
        KeyFormatException k => new Status(StatusCode.InvalidArgument, k.Message),
        _ => null,
    };
}
