using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Client;

/// <summary>
/// Runs <c>tests/ClientTests/client.mjs</c>, which drives the gateway with the official <c>openai</c> npm package, in
/// Node as a child process, and returns the JSON it printed. The token goes in through the environment, never the
/// command line, and is blanked out of anything the script said before it reaches a test's output.
/// </summary>
public static class OpenAiClientScript
{
    /// <summary>Far more than a passing run needs (a few seconds); only a hung run ever meets it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "ClientTests");

    /// <summary>Runs the named steps (models, chat, tools, json, stream) against the API at <paramref name="apiBase"/>.</summary>
    public static async Task<JsonElement> RunAsync(Uri apiBase, string token, string model, params string[] steps)
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "openai", "package.json")))
        {
            throw new XunitException($"The openai npm package is not installed in {Folder}: run `npm ci` there (./test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ORS_BASE_URL"] = apiBase.ToString().TrimEnd('/'),
                ["ORS_API_TOKEN"] = token,
                ["ORS_MODEL"] = model,
            },
        };
        start.ArgumentList.Add("client.mjs");
        foreach (var step in steps)
        {
            start.ArgumentList.Add(step);
        }

        using var node = StartNode(start);
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            try
            {
                await node.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw new XunitException($"client.mjs did not finish within {Timeout.TotalMinutes} minutes; it said: {Blank(await errors, token)}");
            }
        }

        var said = Blank(await errors, token);
        if (node.ExitCode != 0)
        {
            throw new XunitException($"client.mjs failed (exit status {node.ExitCode}): {said}");
        }

        using var json = JsonDocument.Parse(await output);
        return json.RootElement.Clone();
    }

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new XunitException("Node did not start.");
        }
        catch (Win32Exception missing)
        {
            throw new XunitException($"Node.js is needed to run the openai client test, and `node` was not found ({missing.Message}); ./test.sh installs it.");
        }
    }

    private static string Blank(string text, string token) => text.Replace(token, "ors_…", StringComparison.Ordinal).Trim();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OpenRouterSaaS.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (the folder of OpenRouterSaaS.sln) was not found above " + AppContext.BaseDirectory);
    }
}
