using System.Text.Json.Serialization;

namespace Tessera.Vindexes.VSchemas;

// A table of a keyspace's VSchema (Vitess vschema.Table). Type is "" (a normal table),
// "sequence" or "reference"; a reference table may name its `source` ("keyspace.table").
public sealed record TableSpec
{
    public const string SequenceType = "sequence";
    public const string ReferenceType = "reference";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("column_vindexes")]
    public IReadOnlyList<ColumnVindexSpec> ColumnVindexes { get; init; } = [];

    [JsonPropertyName("auto_increment")]
    public AutoIncrementSpec? AutoIncrement { get; init; }

    [JsonPropertyName("columns")]
    public IReadOnlyList<ColumnSpec> Columns { get; init; } = [];

    // A keyspace id (hex) that pins an unsharded-style table to one shard of a sharded keyspace.
    [JsonPropertyName("pinned")]
    public string? Pinned { get; init; }

    [JsonPropertyName("column_list_authoritative")]
    public bool ColumnListAuthoritative { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonIgnore]
    public bool IsSequence => Type == SequenceType;

    [JsonIgnore]
    public bool IsReference => Type == ReferenceType;
}

// Which column(s) a vindex is applied to. `column` and `columns` are exclusive.
public sealed record ColumnVindexSpec
{
    [JsonPropertyName("column")]
    public string? Column { get; init; }

    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("columns")]
    public IReadOnlyList<string> Columns { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<string> AllColumns => Column is { Length: > 0 } c ? [c] : Columns;
}

// The column the gate fills from a sequence when an insert leaves it out.
public sealed record AutoIncrementSpec
{
    [JsonPropertyName("column")]
    public string Column { get; init; } = string.Empty;

    [JsonPropertyName("sequence")]
    public string Sequence { get; init; } = string.Empty;
}

// A declared column (Vitess vschema.Column); Type is the query.Type name, e.g. "VARCHAR", "INT64".
public sealed record ColumnSpec
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("invisible")]
    public bool Invisible { get; init; }

    [JsonPropertyName("default")]
    public string? Default { get; init; }

    [JsonPropertyName("collation_name")]
    public string? CollationName { get; init; }

    [JsonPropertyName("size")]
    public int Size { get; init; }

    [JsonPropertyName("scale")]
    public int Scale { get; init; }

    [JsonPropertyName("nullable")]
    public bool? Nullable { get; init; }

    [JsonPropertyName("values")]
    public IReadOnlyList<string> Values { get; init; } = [];
}
