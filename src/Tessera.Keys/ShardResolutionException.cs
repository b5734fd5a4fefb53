namespace Tessera.Keys;

// A destination that names no existing shard (unknown shard name, keyspace id outside every range).
public sealed class ShardResolutionException : InvalidOperationException
{
    public ShardResolutionException()
    {
    }

    public ShardResolutionException(string message)
        : base(message)
    {
    }

    public ShardResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
