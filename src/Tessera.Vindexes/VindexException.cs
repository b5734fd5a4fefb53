namespace Tessera.Vindexes;

// A vindex could not do what was asked: an unmappable value in Verify, a lookup returning
// several keyspace ids for a unique vindex, bad params. The message names the vindex and value.
public sealed class VindexException : Exception
{
    public VindexException()
    {
    }

    public VindexException(string message)
        : base(message)
    {
    }

    public VindexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
