using System.CommandLine;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Ctldata;

namespace Tessera.Cli.Commands.Ctl;

// Keyspaces, shards and cells: vtctldclient's names, flags and JSON output.
internal static class KeyspaceCommands
{
    public static IEnumerable<Command> Create(CtlRunner ctl)
    {
        var keyspace = new Argument<string>("keyspace");

        var force = new Option<bool>("--force") { Description = "proceed even if the keyspace already exists" };
        var durability = new Option<string?>("--durability-policy", "--durability_policy") { Description = "the keyspace's durability policy (none, semi_sync)" };
        var shardingColumn = new Option<string?>("--sharding-column-name", "--sharding_column_name") { Description = "accepted for compatibility; Tessera shards by VSchema", Hidden = false };
        var shardingType = new Option<string?>("--sharding-column-type", "--sharding_column_type") { Description = "accepted for compatibility; ignored" };
        yield return ctl.Command("CreateKeyspace", "creates the keyspace (with an empty VSchema)", c =>
        {
            c.Arguments.Add(keyspace);
            c.Options.Add(force);
            c.Options.Add(durability);
            c.Options.Add(shardingColumn);
            c.Options.Add(shardingType);
        }, async (p, client, ct) => CtlJson.Pretty((await client.CreateKeyspaceAsync(new CreateKeyspaceRequest
        {
            Name = p.GetValue(keyspace)!,
            Force = p.GetValue(force),
            DurabilityPolicy = p.GetValue(durability) ?? "",
        }, cancellationToken: ct)).KeyspaceJson));

        var recursive = new Option<bool>("--recursive", "-r") { Description = "also delete the keyspace's shards and their tablet records" };
        yield return ctl.Command("DeleteKeyspace", "deletes the keyspace", c =>
        {
            c.Arguments.Add(keyspace);
            c.Options.Add(recursive);
        }, async (p, client, ct) =>
        {
            await client.DeleteKeyspaceAsync(new DeleteKeyspaceRequest { Keyspace = p.GetValue(keyspace)!, Recursive = p.GetValue(recursive) }, cancellationToken: ct);
            return $"Successfully deleted keyspace {p.GetValue(keyspace)}.";
        });

        yield return ctl.Command("GetKeyspace", "prints the keyspace record", c => c.Arguments.Add(keyspace),
            async (p, client, ct) => CtlJson.Pretty((await client.GetKeyspaceAsync(new GetKeyspaceRequest { Keyspace = p.GetValue(keyspace)! }, cancellationToken: ct)).KeyspaceJson));

        yield return ctl.Command("GetKeyspaces", "prints every keyspace", _ => { },
            async (p, client, ct) => CtlJson.PrettyArray((await client.GetKeyspacesAsync(new GetKeyspacesRequest(), cancellationToken: ct)).KeyspacesJson));

        var shardArg = new Argument<string>("keyspace/shard");
        var shardForce = new Option<bool>("--force", "-f") { Description = "create over serving shards (as non-serving), and answer an existing shard rather than fail" };
        var includeParent = new Option<bool>("--include-parent", "--include_parent", "-p") { Description = "create the keyspace if it does not exist" };
        yield return ctl.Command("CreateShard", "creates the shard", c =>
        {
            c.Arguments.Add(shardArg);
            c.Options.Add(shardForce);
            c.Options.Add(includeParent);
        }, async (p, client, ct) =>
        {
            var (ks, shard) = CtlRunner.KeyspaceShard(p.GetValue(shardArg)!);
            var r = await client.CreateShardAsync(new CreateShardRequest { Keyspace = ks, ShardName = shard, Force = p.GetValue(shardForce), IncludeParent = p.GetValue(includeParent) }, cancellationToken: ct);
            return CtlJson.PrettyObject([new("keyspace", r.KeyspaceJson), new("shard", r.ShardJson), new("shard_already_exists", r.ShardAlreadyExists ? "true" : "false")]);
        });

        var shards = new Argument<string[]>("keyspace/shard") { Arity = ArgumentArity.OneOrMore };
        var shardsRecursive = new Option<bool>("--recursive", "-r") { Description = "also delete the shards' tablet records" };
        var evenIfServing = new Option<bool>("--even-if-serving", "--even_if_serving") { Description = "delete even a shard the serving graph still routes to" };
        yield return ctl.Command("DeleteShards", "deletes the shards", c =>
        {
            c.Arguments.Add(shards);
            c.Options.Add(shardsRecursive);
            c.Options.Add(evenIfServing);
        }, async (p, client, ct) =>
        {
            var request = new DeleteShardsRequest { Recursive = p.GetValue(shardsRecursive), EvenIfServing = p.GetValue(evenIfServing) };
            foreach (var s in p.GetValue(shards)!)
            {
                var (ks, shard) = CtlRunner.KeyspaceShard(s);
                request.Shards.Add(new ShardName { Keyspace = ks, Name = shard });
            }
            await client.DeleteShardsAsync(request, cancellationToken: ct);
            return $"Successfully deleted shards {string.Join(", ", p.GetValue(shards)!)}.";
        });

        yield return ctl.Command("GetShard", "prints the shard record", c => c.Arguments.Add(shardArg), async (p, client, ct) =>
        {
            var (ks, shard) = CtlRunner.KeyspaceShard(p.GetValue(shardArg)!);
            return CtlJson.Pretty((await client.GetShardAsync(new GetShardRequest { Keyspace = ks, ShardName = shard }, cancellationToken: ct)).ShardJson);
        });

        var cells = new Option<string[]>("--cells", "-c") { Description = "cells to rebuild (default: all)", AllowMultipleArgumentsPerToken = true, CustomParser = SplitList };
        yield return ctl.Command("RebuildKeyspaceGraph", "rebuilds the keyspace's serving graph (SrvKeyspace) in each cell", c =>
        {
            c.Arguments.Add(keyspace);
            c.Options.Add(cells);
        }, async (p, client, ct) =>
        {
            await client.RebuildKeyspaceGraphAsync(new RebuildKeyspaceGraphRequest { Keyspace = p.GetValue(keyspace)!, Cells = { p.GetValue(cells) ?? [] } }, cancellationToken: ct);
            return null;
        });

        var cellArgs = new Argument<string[]>("cell") { Arity = ArgumentArity.ZeroOrMore };
        yield return ctl.Command("GetSrvKeyspaces", "prints the keyspace's serving graph per cell", c =>
        {
            c.Arguments.Add(keyspace);
            c.Arguments.Add(cellArgs);
        }, async (p, client, ct) =>
        {
            var r = await client.GetSrvKeyspacesAsync(new GetSrvKeyspacesRequest { Keyspace = p.GetValue(keyspace)!, Cells = { p.GetValue(cellArgs) ?? [] } }, cancellationToken: ct);
            return CtlJson.PrettyObject(r.SrvKeyspacesJson);
        });

        yield return ctl.Command("GetCellInfoNames", "lists the registered cells", _ => { },
            async (p, client, ct) => string.Join(Environment.NewLine, (await client.GetCellInfoNamesAsync(new GetCellInfoNamesRequest(), cancellationToken: ct)).Names));

        var cell = new Argument<string>("cell");
        var root = new Option<string?>("--root") { Description = "the cell's topo root" };
        var serverAddress = new Option<string?>("--server-address", "--server_address") { Description = "the cell's topo server address" };
        yield return ctl.Command("AddCellInfo", "registers a cell", c =>
        {
            c.Arguments.Add(cell);
            c.Options.Add(root);
            c.Options.Add(serverAddress);
        }, async (p, client, ct) =>
        {
            await client.AddCellInfoAsync(new AddCellInfoRequest { Name = p.GetValue(cell)!, Root = p.GetValue(root) ?? "", ServerAddress = p.GetValue(serverAddress) ?? "" }, cancellationToken: ct);
            return $"Created cell: {p.GetValue(cell)}";
        });
    }

    // "--cells zone1,zone2" or repeated: pflag's string-slice spelling.
    internal static string[] SplitList(System.CommandLine.Parsing.ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
