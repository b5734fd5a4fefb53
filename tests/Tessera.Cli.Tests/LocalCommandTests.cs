using Tessera.Testing;

namespace Tessera.Cli.Tests;

// `tessera local tablet-up|tablet-down` and the port variables, parsed in-process and run for
// real where no MariaDB is needed.
public class LocalCommandTests
{
    [Fact]
    public void TabletUp_ParsesVitessStyleFlags_AndDefaultsToReplica()
    {
        var result = Program.BuildRoot().Parse("local tablet-up --keyspace customer --shard -80 --uid 300");
        Assert.Empty(result.Errors);
        Assert.Equal("tablet-up", result.CommandResult.Command.Name);
        Assert.Equal("customer", result.GetValue<string>("--keyspace"));
        Assert.Equal("-80", result.GetValue<string>("--shard"));
        Assert.Equal(300u, result.GetValue<uint>("--uid"));
        Assert.Equal("replica", result.GetValue<string>("--type"));
    }

    [Theory]
    [InlineData("primary")]
    [InlineData("drained")]
    public void TabletUp_TypeOtherThanReplicaOrRdonly_IsAnError(string type)
    {
        var result = Program.BuildRoot().Parse($"local tablet-up --keyspace customer --shard 80- --uid 400 --type {type}");
        Assert.Contains(result.Errors, e => e.Message.Contains(type, StringComparison.Ordinal));
    }

    [Fact]
    public void TabletUp_WithoutKeyspaceShardOrUid_NamesEachMissingOption()
    {
        var result = Program.BuildRoot().Parse("local tablet-up");
        foreach (var option in new[] { "--keyspace", "--shard", "--uid" })
            Assert.Contains(result.Errors, e => e.Message.Contains(option, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TabletUp_WithoutARunningCluster_FailsSayingToRunLocalUp()
    {
        var root = Directory.CreateTempSubdirectory("tsl-").FullName;
        try
        {
            var result = await TesseraProcess.RunAsync("local", "tablet-up", "--data-root", root, "--keyspace", "customer", "--shard", "-80", "--uid", "300");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("run `tessera local up` first", result.Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "vt_0000000300")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task TabletDown_OfAnUnknownTablet_FailsNamingIt()
    {
        var root = Directory.CreateTempSubdirectory("tsl-").FullName;
        try
        {
            var result = await TesseraProcess.RunAsync("local", "tablet-down", "--data-root", root, "--uid", "301");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no tablet 301", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task PortVariable_IsThePortsDefault()
    {
        var result = await TesseraProcess.RunAsync(["local", "--help"], new Dictionary<string, string?> { ["TESSERA_GATE_MYSQL_PORT"] = "25306" });
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"--gate-mysql-port .*\[default: 25306\]", result.Stdout);
        Assert.Matches(@"--ctld-port .*\[default: 15000\]", result.Stdout);
    }

    [Fact]
    public async Task PortVariable_ThatIsNotAPort_IsAnErrorNamingIt()
    {
        var result = await TesseraProcess.RunAsync(["local", "status", "--data-root", "/nonexistent-tessera-root"], new Dictionary<string, string?> { ["TESSERA_CTLD_PORT"] = "abc" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("$TESSERA_CTLD_PORT is 'abc'", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_BeforeUp_PrintsThePortsFromFlagsAndVariables()
    {
        var root = Directory.CreateTempSubdirectory("tsl-").FullName;
        try
        {
            var result = await TesseraProcess.RunAsync(["local", "env", "--data-root", root, "--gate-mysql-port", "25316"], new Dictionary<string, string?> { ["TESSERA_CTLD_GRPC_PORT"] = "25998" });
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                ["export TESSERA_GATE_MYSQL_PORT=25316", "export TESSERA_GATE_WEB_PORT=15001", "export TESSERA_CTLD_PORT=15000", "export TESSERA_CTLD_GRPC_PORT=25998", "export TESSERA_TABLET_PORT_BASE=15000"],
                result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Env_AfterUp_PrintsThePortsUpUsed_OverFlagsAndVariables()
    {
        var root = Directory.CreateTempSubdirectory("tsl-").FullName;
        try
        {
            new Local.LocalLayout(root) { GateMySqlPort = 25316, CtldPort = 25010, CtldGrpcPort = 25998, TabletPortBase = 28000 }.SavePorts();
            var result = await TesseraProcess.RunAsync(["local", "env", "--data-root", root, "--gate-mysql-port", "15306"], new Dictionary<string, string?> { ["TESSERA_CTLD_PORT"] = "15000" });
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                ["export TESSERA_GATE_MYSQL_PORT=25316", "export TESSERA_GATE_WEB_PORT=15001", "export TESSERA_CTLD_PORT=25010", "export TESSERA_CTLD_GRPC_PORT=25998", "export TESSERA_TABLET_PORT_BASE=28000"],
                result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task TabletUp_WhenOneOfItsPortsIsTaken_SaysWhichAndStartsNothing()
    {
        var root = Directory.CreateTempSubdirectory("tsl-").FullName;
        try
        {
            // A cluster's footprint (ports and topo directory) with tablet 300's gRPC port taken.
            var taken = FreePort.Next();
            var layout = new Local.LocalLayout(root) { TabletPortBase = taken - 1300 };
            layout.SavePorts();
            Directory.CreateDirectory(layout.TopoRoot);
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, taken);
            listener.Start();
            var result = await TesseraProcess.RunAsync("local", "tablet-up", "--data-root", root, "--keyspace", "customer", "--shard", "-80", "--uid", "300");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"port {taken.ToString(System.Globalization.CultureInfo.InvariantCulture)} (tablet 300's gRPC port) is in use", result.Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "vt_0000000300")));
            Assert.False(Directory.Exists(Path.Combine(root, "pids")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
