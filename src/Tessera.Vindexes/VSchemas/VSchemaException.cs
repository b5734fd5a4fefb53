namespace Tessera.Vindexes.VSchemas;

// A VSchema that cannot be read, is invalid, or a table lookup that cannot be answered
// (unknown, ambiguous, disabled). The message names the keyspace/table and the problem.
public sealed class VSchemaException : Exception
{
    public VSchemaException()
    {
        Errors = [];
    }

    public VSchemaException(VSchemaErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
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
        Kind = VSchemaErrorKind.Invalid;
        Errors = errors;
    }

    // What went wrong, for the gate to pick the MySQL error (e.g. unknown table: 1146 / 42S02).
    public VSchemaErrorKind Kind { get; }

    public IReadOnlyList<VSchemaError> Errors { get; }
}

public enum VSchemaErrorKind
{
    Invalid,
    UnknownKeyspace,
    UnknownTable,
    AmbiguousTable,
    DisabledTable,
}

// One validation problem: where (keyspace, table or vindex) and what.
public sealed record VSchemaError(string Keyspace, string Message)
{
    // True for problems between keyspaces (a table two keyspaces claim): they make that table's
    // unqualified name ambiguous but leave each keyspace usable.
    public bool IsCrossKeyspace { get; init; }

    public override string ToString() => $"keyspace {Keyspace}: {Message}";
}
