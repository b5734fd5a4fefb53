using BenchmarkDotNet.Running;

// Run one group with: dotnet run -c Release --project bench/Tessera.Benchmarks -- --filter '*Hash*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

internal static partial class Program;
