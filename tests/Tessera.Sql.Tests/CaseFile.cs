using System.Runtime.CompilerServices;

namespace Tessera.Sql.Tests;

// Data-driven cases: one case per line, `input` or `input ==> expected [==> more]`. Lines starting
// with `## ` and blank lines are comments. With TESSERA_REWRITE=1 the tests rewrite the expected
// parts in the source tree from what the code produces now.
internal sealed record Case(string File, int Line, string Input, string[] Expected);

internal static class CaseFile
{
    public const string Separator = " ==> ";

    public static bool Rewrite => Environment.GetEnvironmentVariable("TESSERA_REWRITE") == "1";

    public static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder), "*.txt").Order(StringComparer.Ordinal);

    public static List<Case> Read(string file)
    {
        var cases = new List<Case>();
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith("## ", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(Separator);
            cases.Add(new Case(Path.GetFileName(file), i + 1, parts[0], parts[1..]));
        }

        return cases;
    }

    public static IEnumerable<Case> All(string folder) => Files(folder).SelectMany(Read);

    // Replaces each case line of the source copy of `file` by the given text (same order as Read).
    public static void WriteBack(string folder, string file, IReadOnlyList<string> newCaseLines)
    {
        var source = Path.Combine(SourceDir(), folder, Path.GetFileName(file));
        var lines = File.ReadAllLines(source);
        var k = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                continue;
            }

            lines[i] = newCaseLines[k++];
        }

        File.WriteAllLines(source, lines);
    }
}
