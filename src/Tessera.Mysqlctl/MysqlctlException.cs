namespace Tessera.Mysqlctl;

/// A mysqlctl operation could not be done. The message is one line a person can act on
/// (what failed, on which instance, and what to do), so the CLI prints it as it is.
public sealed class MysqlctlException : Exception
{
    public MysqlctlException(string message)
        : base(message)
    {
    }

    public MysqlctlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MysqlctlException()
    {
    }
}
