namespace Tessera.Keys;

// One exception type for every malformed key input (shard name, sharding spec, hex keyspace id),
// so callers can turn it into a single client-visible error. The message always quotes the input.
public sealed class KeyFormatException : FormatException
{
    public KeyFormatException(string input, string reason)
        : base($"invalid key range \"{input}\": {reason}")
    {
        Input = input;
        Reason = reason;
    }

    public KeyFormatException()
    {
        Input = string.Empty;
        Reason = string.Empty;
    }

    public KeyFormatException(string message)
        : base(message)
    {
        Input = string.Empty;
        Reason = message;
    }

    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Input = string.Empty;
        Reason = message;
    }

    public string Input { get; }

    public string Reason { get; }
}
