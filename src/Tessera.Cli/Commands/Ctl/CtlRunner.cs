using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using CtldClient = Tessera.Rpc.CtlService.Ctld.CtldClient;

namespace Tessera.Cli.Commands.Ctl;

// What every `tessera ctl` command shares: the --server option, the channel to ctld, and the
// error contract (one line on stderr naming the command, non-zero exit), as vtctldclient.
internal sealed class CtlRunner
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = "ctld's gRPC address, host:port",
        DefaultValueFactory = _ => "localhost:15999",
        Recursive = true,
    };

    public Command Command(string name, string description, Action<Command> configure, Func<ParseResult, CtldClient, CancellationToken, Task<string?>> run)
    {
        var command = new Command(name, description);
        configure(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var server = parseResult.GetValue(Server) ?? "localhost:15999";
            try
            {
                using var channel = GrpcChannel.ForAddress(server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server);
                var output = await run(parseResult, new CtldClient(channel), cancellationToken);
                if (output is not null)
                    Console.Out.WriteLine(output);
                return 0;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable)
            {
                return Fail(name, $"cannot reach ctld at {server}: {e.Status.Detail}");
            }
            catch (RpcException e)
            {
                return Fail(name, e.Status.Detail);
            }
            catch (CtlUsageException e)
            {
                return Fail(name, e.Message);
            }
            catch (CtlPartialFailure e)
            {
                if (e.Output is not null)
                    Console.Out.WriteLine(e.Output);
                foreach (var line in e.Errors)
                    Fail(name, line);
                return 1;
            }
            catch (IOException e)
            {
                return Fail(name, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                return Fail(name, e.Message);
            }
        });
        return command;
    }

    // --x or --x-file: the text itself or the file's content; exactly one of them.
    public static async Task<string> TextOrFileAsync(ParseResult parseResult, Option<string?> text, Option<string?> file, CancellationToken ct)
    {
        var t = parseResult.GetValue(text);
        var f = parseResult.GetValue(file);
        if (t is not null && f is not null)
            throw new CtlUsageException($"{text.Name} and {file.Name} cannot be used together");
        if (f is not null)
            return await File.ReadAllTextAsync(f, ct);
        return t ?? throw new CtlUsageException($"one of {text.Name} or {file.Name} is required");
    }

    // "keyspace/shard" as vtctldclient takes it.
    public static (string Keyspace, string Shard) KeyspaceShard(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
            throw new CtlUsageException($"'{value}' is not <keyspace>/<shard>");
        return (value[..slash], value[(slash + 1)..]);
    }

    private static int Fail(string command, string message)
    {
        Console.Error.WriteLine($"tessera ctl {command}: {message.ReplaceLineEndings(" ")}");
        return 1;
    }
}

internal sealed class CtlUsageException : Exception
{
    public CtlUsageException()
    {
    }

    public CtlUsageException(string message)
        : base(message)
    {
    }

    public CtlUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

// A command that ran but found failures (ApplySchema on some shards, Validate's problems): its
// output still goes to stdout, each failure is one line on stderr, and the exit code is 1.
internal sealed class CtlPartialFailure : Exception
{
    public CtlPartialFailure()
    {
        Errors = [];
    }

    public CtlPartialFailure(string message)
        : base(message)
    {
        Errors = [message];
    }

    public CtlPartialFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public CtlPartialFailure(string? output, IReadOnlyList<string> errors)
        : base(string.Join("; ", errors))
    {
        Output = output;
        Errors = errors;
    }

    public string? Output { get; }

    public IReadOnlyList<string> Errors { get; }
}
