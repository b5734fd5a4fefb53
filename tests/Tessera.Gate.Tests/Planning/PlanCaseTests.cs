using System.Text.Json.Nodes;
using Tessera.Gate.Errors;
using Tessera.Gate.Planning;
using Tessera.Keys;
using Tessera.Sql;
using Tessera.Sql.Normalizing;
using Tessera.Sql.Ast.Statements;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Tests.Planning;

public sealed class PlanCaseTests
{
    public static TheoryData<string> Files() => [.. PlanCaseFile.FileNames()];

    [Theory]
    [MemberData(nameof(Files))]
    public void PlanCases_MatchTheirExpectedPlanOrError(string file)
    {
        var cases = PlanCaseFile.Read(file);
        var failures = new List<string>();
        foreach (var node in cases)
        {
            var c = node!.AsObject();
            var query = (string)c["query"]!;
            var (plan, error) = PlanOf(query, (string?)c["target"]);
            if (PlanCaseFile.Rewrite)
            {
                c.Remove("plan");
                c.Remove("error");
                if (plan is not null)
                {
                    c["plan"] = plan;
                }
                else
                {
                    c["error"] = error;
                }

                continue;
            }

            var expected = c["plan"]?.ToJsonString(PlanCaseFile.Indented);
            var actual = plan?.ToJsonString(PlanCaseFile.Indented);
            if (expected != actual || (string?)c["error"] != error)
            {
                failures.Add($"{file}: {c["comment"]}\n  query: {query}\n  expected: {expected ?? (string?)c["error"]}\n  actual: {actual ?? error}");
            }
        }

        if (PlanCaseFile.Rewrite)
        {
            PlanCaseFile.WriteBack(file, cases);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void PlanCases_AreManyAndDistinct()
    {
        var queries = PlanCaseFile.FileNames().SelectMany(f => PlanCaseFile.Read(f).Select(c => (string)c!["query"]! + "|" + (string?)c["target"])).ToList();
        Assert.True(queries.Count >= 300, $"only {queries.Count} plan cases");
        Assert.Equal(queries.Count, queries.Distinct(StringComparer.Ordinal).Count());
    }

    internal static (JsonObject? Plan, string? Error) PlanOf(string query, string? target)
    {
        try
        {
            var ctx = Context(target);
            var stmt = SqlParser.Parse(query);
            var normalized = stmt is Select { From.Count: 0 } ? stmt : Normalizer.Normalize(stmt).Statement;
            return (PlanBuilder.Build(normalized, ctx).Describe(), null);
        }
        catch (GateException e)
        {
            return (null, e.Message);
        }
        catch (SqlSyntaxException e)
        {
            return (null, e.Message);
        }
    }

    internal static PlanContext Context(string? target)
    {
        if (target is null)
        {
            return new PlanContext(PlanCaseFile.VSchema, null);
        }

        var use = new UseStatement(target);
        Destination? dest = use.Shard is { } s ? new DestinationShard(s) : null;
        return new PlanContext(PlanCaseFile.VSchema, use.Keyspace, use.TabletType ?? "primary", dest);
    }

    [Fact]
    public void Fixture_VSchemaHasNoErrors() => Assert.Empty(PlanCaseFile.VSchema.Errors);
}
