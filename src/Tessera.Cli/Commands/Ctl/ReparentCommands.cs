using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Ctldata;

namespace Tessera.Cli.Commands.Ctl;

// Tablet types and reparents: vtctldclient's ChangeTabletType, InitShardPrimary,
// PlannedReparentShard and EmergencyReparentShard, with its positional arguments and flags.
internal static class ReparentCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IEnumerable<Command> Create(CtlRunner ctl)
    {
        var alias = new Argument<string>("alias");
        var tabletType = new Argument<string>("tablet-type");
        var dryRun = new Option<bool>("--dry-run", "--dry_run", "-d") { Description = "print what would change, change nothing" };
        yield return ctl.Command("ChangeTabletType", "changes a non-primary tablet's type (replica, rdonly, drained, ...)", c =>
        {
            c.Arguments.Add(alias);
            c.Arguments.Add(tabletType);
            c.Options.Add(dryRun);
        }, async (p, client, ct) =>
        {
            var r = await client.ChangeTabletTypeAsync(new ChangeTabletTypeRequest { TabletAlias = p.GetValue(alias)!, DbType = p.GetValue(tabletType)!, DryRun = p.GetValue(dryRun) }, cancellationToken: ct);
            return Write(new JsonObject
            {
                ["before_tablet"] = JsonNode.Parse(r.BeforeTabletJson),
                ["after_tablet"] = JsonNode.Parse(r.AfterTabletJson),
                ["was_dry_run"] = r.WasDryRun,
            });
        });

        var shard = new Argument<string>("keyspace/shard");
        var primaryElect = new Argument<string>("primary-elect-alias");
        var force = new Option<bool>("--force") { Description = "proceed even if the shard already has a different primary" };
        var waitReplicas = WaitReplicasTimeout("30s");
        yield return ctl.Command("InitShardPrimary", "makes the tablet the primary of a new shard and points every other tablet of the shard at it", c =>
        {
            c.Arguments.Add(shard);
            c.Arguments.Add(primaryElect);
            c.Options.Add(force);
            c.Options.Add(waitReplicas);
        }, async (p, client, ct) =>
        {
            var (ks, sh) = CtlRunner.KeyspaceShard(p.GetValue(shard)!);
            return Reparent(await client.InitShardPrimaryAsync(new InitShardPrimaryRequest
            {
                Keyspace = ks,
                Shard = sh,
                PrimaryElectTabletAlias = p.GetValue(primaryElect)!,
                Force = p.GetValue(force),
                WaitReplicasTimeoutMs = Milliseconds(p.GetValue(waitReplicas)),
            }, cancellationToken: ct));
        });

        var newPrimary = new Option<string?>("--new-primary", "--new_primary") { Description = "the tablet to promote (default: the most caught-up replica)" };
        var avoidPrimary = new Option<string?>("--avoid-primary", "--avoid_primary") { Description = "reparent only if this tablet is the primary, to another one" };
        var prsWait = WaitReplicasTimeout("15s");
        yield return ctl.Command("PlannedReparentShard", "moves the shard's primary to another tablet without losing an acknowledged write", c =>
        {
            c.Arguments.Add(shard);
            c.Options.Add(newPrimary);
            c.Options.Add(avoidPrimary);
            c.Options.Add(prsWait);
        }, async (p, client, ct) =>
        {
            var (ks, sh) = CtlRunner.KeyspaceShard(p.GetValue(shard)!);
            return Reparent(await client.PlannedReparentShardAsync(new PlannedReparentShardRequest
            {
                Keyspace = ks,
                Shard = sh,
                NewPrimary = p.GetValue(newPrimary) ?? "",
                AvoidPrimary = p.GetValue(avoidPrimary) ?? "",
                WaitReplicasTimeoutMs = Milliseconds(p.GetValue(prsWait)),
            }, cancellationToken: ct));
        });

        var ignoreReplicas = new Option<string[]>("--ignore-replicas", "--ignore_replicas") { Description = "tablets not to wait for or consider", AllowMultipleArgumentsPerToken = true, CustomParser = KeyspaceCommands.SplitList };
        var ersWait = WaitReplicasTimeout("15s");
        var ersNewPrimary = new Option<string?>("--new-primary", "--new_primary") { Description = "the tablet to promote (default: the most advanced replica)" };
        yield return ctl.Command("EmergencyReparentShard", "promotes the most advanced replica when the primary is dead", c =>
        {
            c.Arguments.Add(shard);
            c.Options.Add(ersNewPrimary);
            c.Options.Add(ignoreReplicas);
            c.Options.Add(ersWait);
        }, async (p, client, ct) =>
        {
            var (ks, sh) = CtlRunner.KeyspaceShard(p.GetValue(shard)!);
            return Reparent(await client.EmergencyReparentShardAsync(new EmergencyReparentShardRequest
            {
                Keyspace = ks,
                Shard = sh,
                NewPrimary = p.GetValue(ersNewPrimary) ?? "",
                IgnoreReplicas = { p.GetValue(ignoreReplicas) ?? [] },
                WaitReplicasTimeoutMs = Milliseconds(p.GetValue(ersWait)),
            }, cancellationToken: ct));
        });
    }

    private static Option<string> WaitReplicasTimeout(string defaultValue) => new("--wait-replicas-timeout", "--wait_replicas_timeout")
    {
        Description = $"how long to wait for replicas (Go duration: 500ms, 15s, 1m; default {defaultValue})",
        DefaultValueFactory = _ => defaultValue,
    };

    private static long Milliseconds(string? duration) => (long)GoDuration.Parse(duration ?? "0s").TotalMilliseconds;

    // As vtctldclient prints a reparent response: keyspace, shard, the promoted primary's alias
    // and the events.
    private static string Reparent(ReparentShardResponse r)
    {
        var promoted = Tessera.Topo.Records.TabletAlias.Parse(r.PromotedPrimary);
        return Write(new JsonObject
        {
            ["keyspace"] = r.Keyspace,
            ["shard"] = r.Shard,
            ["promoted_primary"] = new JsonObject { ["cell"] = promoted.Cell, ["uid"] = promoted.Uid },
            ["events"] = new JsonArray([.. r.Events.Select(e => (JsonNode?)JsonValue.Create(e))]),
        });
    }

    private static string Write(JsonNode node) => node.ToJsonString(Indented);
}

// Go's time.ParseDuration for the flags vtctldclient takes as durations ("1m30s", "500ms").
internal static class GoDuration
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s == "0")
            return TimeSpan.Zero;
        var total = 0.0;
        var i = 0;
        if (s.Length == 0)
            throw new CtlUsageException($"'{text}' is not a duration (e.g. 500ms, 15s, 1m30s)");
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
                i++;
            if (unitStart == start || !double.TryParse(s.AsSpan(start, unitStart - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                throw new CtlUsageException($"'{text}' is not a duration (e.g. 500ms, 15s, 1m30s)");
            total += s[unitStart..i] switch
            {
                "ns" => value / 1e6,
                "us" or "µs" => value / 1e3,
                "ms" => value,
                "s" => value * 1e3,
                "m" => value * 60e3,
                "h" => value * 3600e3,
                _ => throw new CtlUsageException($"'{text}' is not a duration (e.g. 500ms, 15s, 1m30s)"),
            };
        }
        return TimeSpan.FromMilliseconds(total);
    }
}
