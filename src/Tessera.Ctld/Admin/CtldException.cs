namespace Tessera.Ctld.Admin;

// A request the control daemon refuses for a reason of its own (topo failures keep their
// TopoException, VSchema problems their VSchemaException); Code picks the gRPC status.
public sealed class CtldException : Exception
{
    public CtldException()
        : this(CtldErrorCode.InvalidArgument, "invalid request")
    {
    }

    public CtldException(string message)
        : this(CtldErrorCode.InvalidArgument, message)
    {
    }

    public CtldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = CtldErrorCode.InvalidArgument;
    }

    public CtldException(CtldErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public CtldErrorCode Code { get; }
}

public enum CtldErrorCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
}
