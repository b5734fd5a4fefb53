using System.Text.Json.Serialization;

namespace Tessera.Vindexes.VSchemas;

// One keyspace's VSchema, field for field Vitess's vschema.Keyspace in its JSON form
// (proto field names; defaults omitted on write). See VSchemaJson for reading and writing.
public sealed record KeyspaceVSchema
{
    [JsonPropertyName("sharded")]
    public bool Sharded { get; init; }

    [JsonPropertyName("vindexes")]
    public IReadOnlyDictionary<string, VindexSpec> Vindexes { get; init; } = new Dictionary<string, VindexSpec>();

    [JsonPropertyName("tables")]
    public IReadOnlyDictionary<string, TableSpec> Tables { get; init; } = new Dictionary<string, TableSpec>();

    [JsonPropertyName("require_explicit_routing")]
    public bool RequireExplicitRouting { get; init; }

    // "unspecified", "disallow", "unmanaged", "managed": kept for round-trips; foreign keys are
    // not managed by Tessera.
    [JsonPropertyName("foreign_key_mode")]
    [JsonConverter(typeof(ForeignKeyModeConverter))]
    public string? ForeignKeyMode { get; init; }

    [JsonPropertyName("multi_tenant_spec")]
    public MultiTenantSpec? MultiTenantSpec { get; init; }
}

public sealed record MultiTenantSpec
{
    [JsonPropertyName("tenant_id_column_name")]
    public string? TenantIdColumnName { get; init; }

    [JsonPropertyName("tenant_id_column_type")]
    public string? TenantIdColumnType { get; init; }
}

// A named vindex of a keyspace: its type, params, and the table that owns its lookup rows.
public sealed record VindexSpec
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("params")]
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }
}
