namespace OpenRouterSimulator;

/// <summary>Runs the simulator: <c>dotnet run --project tools/OpenRouterSimulator -- --urls http://127.0.0.1:5090</c>.</summary>
internal static class Program
{
    public static async Task Main(string[] args) => await SimulatorApp.Create(args).RunAsync();
}
