using System.Reflection;

namespace Tessera.Protocol.Tests.Serialization;

public class ProtocolErrorsTests
{
    [Fact]
    public void ErrorNumbers_AreUnique()
    {
        var numbers = typeof(ProtocolErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Number", StringComparison.Ordinal))
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToList();
        Assert.True(numbers.Count > 10);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public void AccessDenied_NamesUserAndPasswordUse()
    {
        var error = ProtocolErrors.AccessDenied("app", "10.0.0.1", usingPassword: true);
        Assert.Equal(1045, error.Number);
        Assert.Equal("28000", error.SqlState);
        Assert.Equal("Access denied for user 'app'@'10.0.0.1' (using password: YES)", error.Message);
    }
}
