namespace Tessera.Vindexes.VSchemas;

// A VSchema that cannot be read, is invalid, or a table lookup that cannot be answered
// (unknown, ambiguous, disabled). The message names the keyspace/table and the problem.
public sealed class VSchemaException : Exception
{
    public VSchemaException()
    {
        Errors = [];
    }

    public VSchemaException(string message)
        : base(message)
    {
        Errors = [];
    }

    public VSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public VSchemaException(IReadOnlyList<VSchemaError> errors)
        : base(string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<VSchemaError> Errors { get; }
}

// One validation problem: where (keyspace, table or vindex) and what.
public sealed record VSchemaError(string Keyspace, string Message)
{
    // True for problems between keyspaces (a table two keyspaces claim): they make that table's
    // unqualified name ambiguous but leave each keyspace usable.
    public bool IsCrossKeyspace { get; init; }

    public override string ToString() => $"keyspace {Keyspace}: {Message}";
}
