package io.apilogs.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Playwright for Java on Debian's chromium (./apilogs test installs it): Playwright is told never to download a
 * browser. Every page records the URLs it requested and the script errors it hit.
 */
final class Browsers implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("APILOGS_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/ui-screenshots");

    record Tab(BrowserContext context, Page page, List<String> requests, List<String> errors) {
    }

    private final Playwright playwright;
    private final Browser browser;

    Browsers() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true));
    }

    /** A fresh tab (its own sessionStorage) of the given width, in UTC so days are cut the same everywhere. */
    Tab open(int width) {
        return open(width, "UTC");
    }

    Tab open(int width, String zone) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, width < 600 ? 844 : 900)
                .setTimezoneId(zone).setLocale("en-US"));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onRequest(request -> requests.add(request.url()));
        page.onPageError(error -> errors.add(String.valueOf(error)));
        page.onConsoleMessage(message -> {
            // Refused sign-ins (400/401) and a server gone for a moment (the outage test) are expected, and shown on the page.
            if ("error".equals(message.type()) && !message.text().contains("401") && !message.text().contains("400")
                    && !message.text().contains("ERR_CONNECTION_REFUSED") && !message.text().contains("ERR_INCOMPLETE_CHUNKED_ENCODING")
                    && !message.text().contains("ERR_EMPTY_RESPONSE") && !message.text().contains("status of 503")) {
                errors.add(message.text());
            }
        });
        return new Tab(context, page, requests, errors);
    }

    /** Opens a tab on a one-time sign-in link and waits until it shows the workspace it signed in to. */
    Page signedIn(List<Tab> tabs, int width, String loginUrl, String workspaceName) {
        Tab tab = open(width);
        tabs.add(tab);
        Page page = tab.page();
        page.navigate(loginUrl);
        PlaywrightAssertions.assertThat(page.locator(".sidebar .workspace")).hasText(workspaceName);
        return page;
    }

    /** After each test: no tab it opened hit a script error; then they are closed. */
    static void closeChecked(List<Tab> tabs) {
        for (Tab tab : tabs) {
            assertThat(tab.errors()).as("script errors").isEmpty();
            tab.context().close();
        }
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
