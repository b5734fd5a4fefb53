using System.Text.Json.Serialization;

namespace Tessera.Vindexes.VSchemas;

// The serving VSchema the gates watch: every keyspace's VSchema plus the routing rules
// (Vitess vschema.SrvVSchema), rebuilt in the topo when any of them changes.
public sealed record SrvVSchema
{
    [JsonPropertyName("keyspaces")]
    public IReadOnlyDictionary<string, KeyspaceVSchema> Keyspaces { get; init; } = new Dictionary<string, KeyspaceVSchema>();

    [JsonPropertyName("routing_rules")]
    public RoutingRules? RoutingRules { get; init; }

    [JsonPropertyName("shard_routing_rules")]
    public ShardRoutingRules? ShardRoutingRules { get; init; }

    [JsonPropertyName("keyspace_routing_rules")]
    public KeyspaceRoutingRules? KeyspaceRoutingRules { get; init; }

    [JsonPropertyName("mirror_rules")]
    public MirrorRules? MirrorRules { get; init; }
}

// Table routing rules: `from_table` ("t", "t@replica", "ks.t", "ks.t@rdonly") is served by the
// first of `to_tables` ("ks.t"); an empty list disables the table. MoveTables writes these.
public sealed record RoutingRules
{
    [JsonPropertyName("rules")]
    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];
}

public sealed record RoutingRule
{
    [JsonPropertyName("from_table")]
    public string FromTable { get; init; } = string.Empty;

    [JsonPropertyName("to_tables")]
    public IReadOnlyList<string> ToTables { get; init; } = [];
}

// Per-shard routing while a Reshard of a partial keyspace is in flight (kept for round-trips).
public sealed record ShardRoutingRules
{
    [JsonPropertyName("rules")]
    public IReadOnlyList<ShardRoutingRule> Rules { get; init; } = [];
}

public sealed record ShardRoutingRule
{
    [JsonPropertyName("from_keyspace")]
    public string FromKeyspace { get; init; } = string.Empty;

    [JsonPropertyName("to_keyspace")]
    public string ToKeyspace { get; init; } = string.Empty;

    [JsonPropertyName("shard")]
    public string Shard { get; init; } = string.Empty;
}

public sealed record KeyspaceRoutingRules
{
    [JsonPropertyName("rules")]
    public IReadOnlyList<KeyspaceRoutingRule> Rules { get; init; } = [];
}

public sealed record KeyspaceRoutingRule
{
    [JsonPropertyName("from_keyspace")]
    public string FromKeyspace { get; init; } = string.Empty;

    [JsonPropertyName("to_keyspace")]
    public string ToKeyspace { get; init; } = string.Empty;
}

public sealed record MirrorRules
{
    [JsonPropertyName("rules")]
    public IReadOnlyList<MirrorRule> Rules { get; init; } = [];
}

public sealed record MirrorRule
{
    [JsonPropertyName("from_table")]
    public string FromTable { get; init; } = string.Empty;

    [JsonPropertyName("to_table")]
    public string ToTable { get; init; } = string.Empty;

    [JsonPropertyName("percent")]
    public float Percent { get; init; }
}
