using Tessera.Tablet.QueryService;

namespace Tessera.Tablet.Tests;

public sealed class DeniedTablesTests
{
    [Theory]
    [InlineData("moved", "moved", true)]
    [InlineData("moved", "MOVED", true)]
    [InlineData("moved", "moved2", false)]
    [InlineData("/^moved/", "moved_archive", true)]
    [InlineData("/^moved/", "not_moved", false)]
    [InlineData("/moved/", "not_moved_either", true)]
    [InlineData("/^(customer|corder)$/", "corder", true)]
    [InlineData("/^(customer|corder)$/", "corder_old", false)]
    [InlineData("//^a.c$//", "abc", true)]
    [InlineData("/([/", "([", false)]
    public void Entry_DeniesWhatVitessTableFiltersMatch(string entry, string table, bool denied) =>
        Assert.Equal(denied, DeniedTables.From([entry]).IsDenied(table));

    [Fact]
    public void InvalidPattern_DeniesNothing_AndIsReported()
    {
        var denied = DeniedTables.From(["/([/", "moved"]);
        Assert.Equal(["/([/"], denied.Invalid);
        Assert.True(denied.IsDenied("moved"));
        Assert.False(denied.IsDenied("customer"));
    }

    [Fact]
    public void SameEntriesInAnyOrder_AreEqual() =>
        Assert.Equal(DeniedTables.From(["b", "/^a/"]), DeniedTables.From(["/^a/", "b", "b"]));

    [Fact]
    public void NoEntries_IsNone() => Assert.Same(DeniedTables.None, DeniedTables.From(["", ""]));
}
