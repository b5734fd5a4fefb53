namespace Tessera.Gate.Executing;

// One tablet as the gateway sees it now (for the status page and metrics).
internal sealed record TabletHealthInfo(string Alias, string Keyspace, string Shard, string TabletType, bool Serving, uint LagSeconds, string Error, string Address);
