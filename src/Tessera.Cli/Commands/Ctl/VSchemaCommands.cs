using System.CommandLine;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Ctldata;

namespace Tessera.Cli.Commands.Ctl;

// VSchema, routing rules, tablets and the serving VSchema: vtctldclient's names and flags.
internal static class VSchemaCommands
{
    public static IEnumerable<Command> Create(CtlRunner ctl)
    {
        var keyspace = new Argument<string>("keyspace");
        var cells = new Option<string[]>("--cells", "-c") { Description = "cells to rebuild (default: all)", AllowMultipleArgumentsPerToken = true, CustomParser = KeyspaceCommands.SplitList };
        var skipRebuild = new Option<bool>("--skip-rebuild", "--skip_rebuild") { Description = "save without rebuilding the serving VSchema" };
        var dryRun = new Option<bool>("--dry-run", "--dry_run") { Description = "validate and print, change nothing" };

        var vschema = new Option<string?>("--vschema") { Description = "the VSchema JSON" };
        var vschemaFile = new Option<string?>("--vschema-file", "--vschema_file") { Description = "a file holding the VSchema JSON" };
        yield return ctl.Command("ApplyVSchema", "validates and saves the keyspace's VSchema, then rebuilds the serving VSchema", c =>
        {
            c.Arguments.Add(keyspace);
            c.Options.Add(vschema);
            c.Options.Add(vschemaFile);
            c.Options.Add(dryRun);
            c.Options.Add(skipRebuild);
            c.Options.Add(cells);
        }, async (p, client, ct) =>
        {
            var json = await CtlRunner.TextOrFileAsync(p, vschema, vschemaFile, ct);
            var r = await client.ApplyVSchemaAsync(new ApplyVSchemaRequest
            {
                Keyspace = p.GetValue(keyspace)!,
                VschemaJson = json,
                DryRun = p.GetValue(dryRun),
                SkipRebuild = p.GetValue(skipRebuild),
                Cells = { p.GetValue(cells) ?? [] },
            }, cancellationToken: ct);
            return CtlJson.Pretty(r.VschemaJson);
        });

        yield return ctl.Command("GetVSchema", "prints the keyspace's VSchema", c => c.Arguments.Add(keyspace),
            async (p, client, ct) => CtlJson.Pretty((await client.GetVSchemaAsync(new GetVSchemaRequest { Keyspace = p.GetValue(keyspace)! }, cancellationToken: ct)).VschemaJson));

        var rules = new Option<string?>("--rules", "-r") { Description = "the routing rules JSON" };
        var rulesFile = new Option<string?>("--rules-file", "--rules_file", "-f") { Description = "a file holding the routing rules JSON" };
        yield return ctl.Command("ApplyRoutingRules", "saves the routing rules, then rebuilds the serving VSchema", c =>
        {
            c.Options.Add(rules);
            c.Options.Add(rulesFile);
            c.Options.Add(dryRun);
            c.Options.Add(skipRebuild);
            c.Options.Add(cells);
        }, async (p, client, ct) =>
        {
            var json = await CtlRunner.TextOrFileAsync(p, rules, rulesFile, ct);
            var r = await client.ApplyRoutingRulesAsync(new ApplyRoutingRulesRequest
            {
                RoutingRulesJson = json,
                DryRun = p.GetValue(dryRun),
                SkipRebuild = p.GetValue(skipRebuild),
                RebuildCells = { p.GetValue(cells) ?? [] },
            }, cancellationToken: ct);
            return CtlJson.Pretty(r.RoutingRulesJson);
        });

        yield return ctl.Command("GetRoutingRules", "prints the routing rules", _ => { },
            async (p, client, ct) => CtlJson.Pretty((await client.GetRoutingRulesAsync(new GetRoutingRulesRequest(), cancellationToken: ct)).RoutingRulesJson));

        yield return ctl.Command("RebuildVSchemaGraph", "rebuilds the serving VSchema (SrvVSchema) of each cell", c => c.Options.Add(cells), async (p, client, ct) =>
        {
            await client.RebuildVSchemaGraphAsync(new RebuildVSchemaGraphRequest { Cells = { p.GetValue(cells) ?? [] } }, cancellationToken: ct);
            return null;
        });

        var cell = new Argument<string>("cell");
        yield return ctl.Command("GetSrvVSchema", "prints the cell's serving VSchema", c => c.Arguments.Add(cell),
            async (p, client, ct) => CtlJson.Pretty((await client.GetSrvVSchemaAsync(new GetSrvVSchemaRequest { Cell = p.GetValue(cell)! }, cancellationToken: ct)).SrvVschemaJson));

        var tabletKeyspace = new Option<string?>("--keyspace", "-k") { Description = "only this keyspace's tablets" };
        var tabletShard = new Option<string?>("--shard", "-s") { Description = "only this shard's tablets (needs --keyspace)" };
        var tabletType = new Option<string?>("--tablet-type", "--tablet_type") { Description = "only tablets of this type (primary, replica, rdonly, ...)" };
        var tabletCells = new Option<string[]>("--cell", "-c") { Description = "only tablets in these cells", AllowMultipleArgumentsPerToken = true, CustomParser = KeyspaceCommands.SplitList };
        var format = new Option<string>("--format") { Description = "json, or awk: one line per tablet as vtctldclient", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "awk");
        yield return ctl.Command("GetTablets", "lists tablets", c =>
        {
            c.Options.Add(tabletKeyspace);
            c.Options.Add(tabletShard);
            c.Options.Add(tabletType);
            c.Options.Add(tabletCells);
            c.Options.Add(format);
        }, async (p, client, ct) =>
        {
            var r = await client.GetTabletsAsync(new GetTabletsRequest
            {
                Keyspace = p.GetValue(tabletKeyspace) ?? "",
                Shard = p.GetValue(tabletShard) ?? "",
                TabletType = p.GetValue(tabletType) ?? "",
                Cells = { p.GetValue(tabletCells) ?? [] },
            }, cancellationToken: ct);
            if (p.GetValue(format) == "awk")
            {
                return r.TabletsJson.Count == 0 ? null : string.Join(Environment.NewLine, r.TabletsJson.Select(j =>
                    CtlFormat.TabletAwk(Tessera.Topo.Records.TopoJson.Deserialize<Tessera.Topo.Records.Tablet>(System.Text.Encoding.UTF8.GetBytes(j), "tablet"))));
            }
            return CtlJson.PrettyArray(r.TabletsJson);
        });

        var alias = new Argument<string>("alias");
        yield return ctl.Command("GetTablet", "prints the tablet record", c => c.Arguments.Add(alias),
            async (p, client, ct) => CtlJson.Pretty((await client.GetTabletAsync(new GetTabletRequest { TabletAlias = p.GetValue(alias)! }, cancellationToken: ct)).TabletJson));
    }
}
