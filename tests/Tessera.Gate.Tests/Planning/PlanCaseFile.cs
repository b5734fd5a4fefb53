using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Tests.Planning;

// Plan tests as data (the Vitess planbuilder testdata shape): each case file is a JSON array of
// {comment, query, [target], plan | error}. With TESSERA_REWRITE=1 the expected plans and errors
// are rewritten in the source tree from what the planner produces now.
internal static class PlanCaseFile
{
    public static bool Rewrite => Environment.GetEnvironmentVariable("TESSERA_REWRITE") == "1";

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string CasesDir => Path.Combine(AppContext.BaseDirectory, "Planning", "Cases");

    public static IEnumerable<string> FileNames() =>
        Directory.GetFiles(CasesDir, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static JsonArray Read(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CasesDir, name)))!.AsArray();

    public static void WriteBack(string name, JsonArray cases) =>
        File.WriteAllText(Path.Combine(SourceDir(), "Cases", name), cases.ToJsonString(Indented) + "\n");

    public static VSchemaSnapshot VSchema { get; } =
        VSchemaSnapshot.Build(VSchemaJson.ParseSrvVSchema(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Planning", "vschema.json"))));
}
