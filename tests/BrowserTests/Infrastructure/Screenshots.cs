using Microsoft.Playwright;

namespace OpenRouterSaaS.BrowserTests.Infrastructure;

/// <summary>Saves what a page showed under TestResults/screenshots at the repository root, to look at after a run.</summary>
public static class Screenshots
{
    public static readonly string Folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OpenRouterSaaS.sln")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
