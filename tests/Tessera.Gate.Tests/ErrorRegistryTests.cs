using Tessera.Gate.Errors;

namespace Tessera.Gate.Tests;

public sealed class ErrorRegistryTests
{
    [Fact]
    public void ErrorCodes_AreUniqueAndWellFormed()
    {
        var all = GateErrors.All;
        Assert.True(all.Count >= 10);
        Assert.Equal(all.Count, all.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, e =>
        {
            Assert.Matches("^VT[0-9]{5}$", e.Code);
            Assert.Equal(5, e.SqlState.Length);
            Assert.InRange(e.MySqlNumber, 1000, 4999);
        });
    }

    [Fact]
    public void GateException_BecomesMySqlErrorWithCodeInMessage()
    {
        var e = GateErrors.UnsupportedError("cross-shard correlated subquery");
        var m = e.ToMySqlError();
        Assert.Equal(1235, m.Number);
        Assert.Equal("42000", m.SqlState);
        Assert.Equal("VT12001: unsupported: cross-shard correlated subquery", m.Message);
    }
}
