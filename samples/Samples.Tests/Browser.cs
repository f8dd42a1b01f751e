using Microsoft.Playwright;

namespace Samples.Tests;

/// <summary>Headless Chromium (the system browser, Debian <c>chromium</c>) through Playwright.</summary>
internal static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's 'chromium' package (.ci/run does).");
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        return (playwright, browser);
    }
}
