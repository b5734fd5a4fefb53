using Tessera.Tablet.QueryService;

namespace Tessera.Tablet.Tests;

public sealed class QueryDirectivesTests
{
    [Theory]
    [InlineData("select /*vt+ QUERY_TIMEOUT_MS=150 */ * from customer", 150)]
    [InlineData("select /* a plain comment */ /*vt+ QUERY_TIMEOUT_MS=7 */ 1", 7)]
    [InlineData("update /*vt+ QUERY_TIMEOUT_MS=20 */ customer set email = 'x'", 20)]
    [InlineData("select /*vt+ QUERY_TIMEOUT_MS=40 */ 1 union select 2", 40)]
    [InlineData("select 1", 0)]
    [InlineData("select /* QUERY_TIMEOUT_MS=150 */ 1", 0)]
    [InlineData("select /*vt+ QUERY_TIMEOUT_MS=abc */ 1", 0)]
    [InlineData("select /*vt+ QUERY_TIMEOUT_MS=-5 */ 1", 0)]
    [InlineData("select '/*vt+ QUERY_TIMEOUT_MS=150 */'", 0)]
    public void QueryTimeoutDirective_IsReadIntoThePlan(string sql, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), QueryPlan.Build(sql).QueryTimeout);

    [Fact]
    public void QueryTimeoutDirective_IsReadFromTextTheParserRefuses()
    {
        const string sql = "handler /*vt+ QUERY_TIMEOUT_MS=90 */ t1 read first";
        Assert.Equal(PlanType.Other, QueryPlan.Build(sql).Type);
        Assert.Equal(TimeSpan.FromMilliseconds(90), QueryPlan.Build(sql).QueryTimeout);
    }
}
