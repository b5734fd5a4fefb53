using System.CommandLine;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Ctldata;

namespace Tessera.Cli.Commands.Ctl;

// Schema and validation: vtctldclient's ApplySchema, GetSchema, CopySchemaShard and Validate.
internal static class SchemaCommands
{
    // Proto messages as vtctldclient prints them: snake_case names, defaults included.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    public static IEnumerable<Command> Create(CtlRunner ctl)
    {
        var keyspace = new Argument<string>("keyspace");
        var sql = new Option<string[]>("--sql") { Description = "SQL to run on every shard's primary (repeatable; ';' separates statements)", AllowMultipleArgumentsPerToken = false };
        var sqlFile = new Option<string?>("--sql-file", "--sql_file") { Description = "a file of SQL statements" };
        var ddlStrategy = new Option<string>("--ddl-strategy", "--ddl_strategy") { Description = "only 'direct' (the statements run as they are) is supported", DefaultValueFactory = _ => "direct" };
        yield return ctl.Command("ApplySchema", "runs schema changes on every shard's primary (replicas follow through replication)", c =>
        {
            c.Arguments.Add(keyspace);
            c.Options.Add(sql);
            c.Options.Add(sqlFile);
            c.Options.Add(ddlStrategy);
        }, async (p, client, ct) =>
        {
            var strategy = p.GetValue(ddlStrategy);
            if (!string.IsNullOrEmpty(strategy) && strategy != "direct")
                throw new CtlUsageException($"--ddl-strategy '{strategy}' is not supported; only 'direct'");
            var texts = p.GetValue(sql) ?? [];
            var file = p.GetValue(sqlFile);
            if (texts.Length > 0 && file is not null)
                throw new CtlUsageException("--sql and --sql-file cannot be used together");
            if (file is not null)
                texts = [await File.ReadAllTextAsync(file, ct)];
            if (texts.Length == 0)
                throw new CtlUsageException("one of --sql or --sql-file is required");
            var name = p.GetValue(keyspace)!;
            var r = await client.ApplySchemaAsync(new ApplySchemaRequest { Keyspace = name, Sql = { texts } }, cancellationToken: ct);
            var output = new JsonArray([.. r.Results.Select(s => (JsonNode?)new JsonObject
            {
                ["shard"] = s.Shard,
                ["tablet_alias"] = s.TabletAlias,
                ["error"] = s.Error.Length > 0 ? s.Error : null,
            })]).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            var failed = r.Results.Where(s => s.Error.Length > 0).ToList();
            if (failed.Count > 0)
            {
                throw new CtlPartialFailure(output, [.. failed.Select(s => $"{name}/{s.Shard}{(s.TabletAlias.Length > 0 ? $" ({s.TabletAlias})" : "")}: {s.Error}"),
                    $"failed on {failed.Count} of {r.Results.Count} shard(s)"]);
            }
            return output;
        });

        var alias = new Argument<string>("alias");
        var tables = ListOption("--tables", "only these tables");
        var excludeTables = ListOption("--exclude-tables", "not these tables", "--exclude_tables");
        var includeViews = new Option<bool>("--include-views", "--include_views") { Description = "include views" };
        var namesOnly = new Option<bool>("--table-names-only", "--table_names_only", "-n") { Description = "print only the table names, one a line" };
        var schemaOnly = new Option<bool>("--table-schema-only", "--table_schema_only") { Description = "print only the CREATE statements" };
        yield return ctl.Command("GetSchema", "prints the tablet's schema as JSON", c =>
        {
            c.Arguments.Add(alias);
            c.Options.Add(tables);
            c.Options.Add(excludeTables);
            c.Options.Add(includeViews);
            c.Options.Add(namesOnly);
            c.Options.Add(schemaOnly);
        }, async (p, client, ct) =>
        {
            var r = await client.GetSchemaAsync(new GetSchemaRequest
            {
                TabletAlias = p.GetValue(alias)!,
                Tables = { p.GetValue(tables) ?? [] },
                ExcludeTables = { p.GetValue(excludeTables) ?? [] },
                IncludeViews = p.GetValue(includeViews),
                TableNamesOnly = p.GetValue(namesOnly),
            }, cancellationToken: ct);
            if (p.GetValue(namesOnly))
                return string.Join(Environment.NewLine, r.Schema.TableDefinitions.Select(t => t.Name));
            if (p.GetValue(schemaOnly))
                return string.Join(Environment.NewLine, r.Schema.TableDefinitions.Select(t => t.Schema + ";"));
            return CtlJson.Pretty(Formatter.Format(r.Schema));
        });

        var source = new Argument<string>("source") { Description = "the source tablet alias, or keyspace/shard (its primary)" };
        var destination = new Argument<string>("destination-keyspace/shard");
        var skipVerify = new Option<bool>("--skip-verify", "--skip_verify") { Description = "do not compare the schemas afterwards" };
        yield return ctl.Command("CopySchemaShard", "creates the source's tables on the destination shard's primary", c =>
        {
            c.Arguments.Add(source);
            c.Arguments.Add(destination);
            c.Options.Add(tables);
            c.Options.Add(excludeTables);
            c.Options.Add(includeViews);
            c.Options.Add(skipVerify);
        }, async (p, client, ct) =>
        {
            var request = new CopySchemaShardRequest
            {
                Tables = { p.GetValue(tables) ?? [] },
                ExcludeTables = { p.GetValue(excludeTables) ?? [] },
                IncludeViews = p.GetValue(includeViews),
                SkipVerify = p.GetValue(skipVerify),
            };
            var from = p.GetValue(source)!;
            if (from.Contains('/', StringComparison.Ordinal))
                (request.SourceKeyspace, request.SourceShard) = CtlRunner.KeyspaceShard(from);
            else
                request.SourceTabletAlias = from;
            (request.DestinationKeyspace, request.DestinationShard) = CtlRunner.KeyspaceShard(p.GetValue(destination)!);
            return CtlJson.Pretty(Formatter.Format(await client.CopySchemaShardAsync(request, cancellationToken: ct)));
        });

        var pingTablets = new Option<bool>("--ping-tablets", "--ping_tablets", "-p") { Description = "also ping every tablet" };
        yield return ctl.Command("Validate", "checks the topo against what the tablets report; prints the problems", c => c.Options.Add(pingTablets), async (p, client, ct) =>
        {
            var r = await client.ValidateAsync(new ValidateRequest { PingTablets = p.GetValue(pingTablets) }, cancellationToken: ct);
            var output = CtlJson.Pretty(Formatter.Format(r));
            if (r.Results.Count > 0)
                throw new CtlPartialFailure(output, [.. r.Results, $"{r.Results.Count} problem(s) found"]);
            return output;
        });
    }

    private static Option<string[]> ListOption(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, CustomParser = KeyspaceCommands.SplitList };
}
