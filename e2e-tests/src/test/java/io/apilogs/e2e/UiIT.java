package io.apilogs.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web UI in real headless Chromium (Playwright for Java), against the packaged services and seeded data. */
@ExtendWith(SharedSystem.class)
class UiIT extends BrowserTestBase {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static UiSeed seed;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("UI tests");
        seed = new UiSeed(system, ws);
        seed.alpha();
        seed.others();
        await().atMost(Duration.ofSeconds(60)).until(() -> seed.callCount(UiSeed.ALPHA) == 2);
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private String loginUrl(String path) {
        return loginUrl(system, ws.id(), path);
    }

    /** A tab signed in through a one-time link, showing {@code path} (a query string without "?", or empty). */
    private Page signedIn(int width, String path) {
        return browsers.signedIn(tabs, width, loginUrl(path.isEmpty() ? "" : "?" + path), "UI tests");
    }

    /** A conversation with one stored call, open in a signed-in tab whose timeline stream is live. */
    private Page liveTimeline(String conv, String subject, String startedAt) {
        seed.post(List.of(UiSeed.call(conv, subject, "writer", "claude-sonnet-4-5", 1, startedAt, "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount(conv) == 1);
        Page page = signedIn(1280, "c=" + conv);
        PlaywrightAssertions.assertThat(page.locator("li.item")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator(".sidebar .live")).hasAttribute("data-live", "live");
        return page;
    }

    private static Locator callsOf(Page activity, String conv) {
        return activity.locator("tr[data-conversation='" + conv + "'] td[data-label='API calls']");
    }

    private static Locator rows(Page page) {
        return page.locator("table.log tbody tr.row");
    }

    @Test
    void signInThroughTheOneTimeLinkOnceThenSignOut() {
        String link = loginUrl("");
        Browsers.Tab tab = browsers.open(1280);
        tabs.add(tab);
        Page page = tab.page();
        page.navigate(link);
        PlaywrightAssertions.assertThat(page.locator(".sidebar .workspace")).hasText("UI tests");
        assertThat(page.url()).doesNotContain("login");
        String key = (String) page.evaluate("sessionStorage.getItem('apilogs.key')");
        assertThat(key).startsWith("al_read_");
        assertThat((Object) page.evaluate("localStorage.length")).isEqualTo(0);
        PlaywrightAssertions.assertThat(rows(page).first()).isVisible();
        Browsers.screenshot(page, "activity-1280");

        Browsers.Tab second = browsers.open(1280);
        tabs.add(second);
        second.page().navigate(link);
        PlaywrightAssertions.assertThat(second.page().locator(".signin .error")).containsText("already used");
        assertThat(second.page().url()).doesNotContain("login");
        Browsers.screenshot(second.page(), "signin-1280");

        page.click("text=Sign out");
        PlaywrightAssertions.assertThat(page.locator(".signin")).isVisible();
        assertThat(page.evaluate("sessionStorage.getItem('apilogs.key')")).isNull();
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + key).get("/v1/conversations").then().statusCode(401);
        page.fill("#key", ws.readKey());
        page.click("button[type=submit]");
        PlaywrightAssertions.assertThat(page.locator(".sidebar .workspace")).hasText("UI tests");
    }

    @Test
    void filtersByDateAssistantAndModelLiveInTheUrl() {
        Page page = signedIn(1280, "");
        page.fill("input[name=from]", "2026-11-10");
        page.fill("input[name=to]", "2026-11-12");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(2);
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("Weekly revenue by region");
        page.selectOption("select[name=assistant]", "writer");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("Draft a post about tide pools");
        assertThat(page.url()).contains("from=2026-11-10").contains("to=2026-11-12").contains("assistant=writer");
        page.goBack();
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*from=2026-11-10&to=2026-11-12$"));
        PlaywrightAssertions.assertThat(rows(page)).hasCount(2);
        page.selectOption("select[name=model]", "gpt-4o");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("Weekly revenue by region");
        page.fill("input[name=from]", "");
        page.fill("input[name=to]", "");
        page.selectOption("select[name=model]", "");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/$"));
        page.fill("input[name=q]", "tide");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*\\?q=tide$"));
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        page.reload();
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("input[name=q]")).hasValue("tide");
    }

    /**
     * Issue 24, item 1: a filtered link opened directly, reloaded (the browser revalidates it: a 304) and opened in a new
     * tab still runs. The page is never cached without revalidation, and a 304 carries the page's policy, not the
     * API's {@code default-src 'none'}, which the browser would store with the page and then block its script.
     */
    @Test
    void aFilteredLinkSurvivesReloadsAndANewTab() {
        Page page = signedIn(1280, "");
        String url = system.query().baseUrl() + "/?q=tide";
        com.microsoft.playwright.Response opened = page.navigate(url);
        assertThat(opened.headerValue("cache-control")).isEqualTo("no-cache");
        assertThat(opened.headerValue("content-security-policy")).contains("script-src 'self'");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        for (int i = 0; i < 2; i++) {
            page.reload();
            PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("input[name=q]")).hasValue("tide");
        }
        Page other = page.context().newPage();
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        other.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                refused.add(message.text());
            }
        });
        other.navigate(url);
        // A new tab has its own session storage: it asks for the key, which takes the page's script to show.
        PlaywrightAssertions.assertThat(other.locator(".signin")).isVisible();
        PlaywrightAssertions.assertThat(other.locator(".signin .tab-note")).containsText("a new tab asks again");
        assertThat(refused).isEmpty();
    }

    /** Days are the browser's days: 10:00 UTC on 2026-11-10 is already 2026-11-11 on Kiritimati (UTC+14). */
    @Test
    void dateFiltersCutDaysInTheBrowsersZone() {
        Browsers.Tab tab = browsers.open(1280, "Pacific/Kiritimati");
        tabs.add(tab);
        Page page = tab.page();
        page.navigate(loginUrl("?from=2026-11-11&to=2026-11-11"));
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("Draft a post about tide pools");
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("11/11/2026, 12:00:00 AM");
        assertThat(tab.requests()).anyMatch(url -> url.contains("/v1/conversations?") && url.contains("tz=Pacific%2FKiritimati"));
        page.fill("input[name=from]", "2026-11-10");
        page.fill("input[name=to]", "2026-11-10");
        PlaywrightAssertions.assertThat(page.locator(".state.empty")).isVisible();
    }

    /** Issue 25 (status filter): "Errors only" lists the conversations with a failed call, in the URL. */
    @Test
    void errorsOnlyListsTheConversationsWithAFailure() {
        seed.post(List.of(
                UiSeed.call("ui-failed", "Rate limited refund", "writer", "claude-sonnet-4-5", 1, "2026-11-16T09:00:00Z",
                        ",\"stopReason\":null,\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\",\"httpStatus\":429}"),
                UiSeed.call("ui-fine", "A fine refund", "writer", "claude-sonnet-4-5", 1, "2026-11-16T10:00:00Z", "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount("ui-failed") == 1 && seed.callCount("ui-fine") == 1);
        Page page = signedIn(1280, "from=2026-11-16&to=2026-11-16");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(2);
        page.check("input[name=status]");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*status=error.*"));
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(rows(page).first()).containsText("Rate limited refund");
        page.reload();
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        page.uncheck("input[name=status]");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(2);
    }

    @Test
    void sortsAndPagesWithLoadMore() {
        Page page = signedIn(1280, "assistant=filler&from=2026-11-20&to=2026-11-20");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(50);
        page.click("text=Load more");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(UiSeed.FILLERS);
        PlaywrightAssertions.assertThat(page.locator("text=Load more")).hasCount(0);
        // Paging is in the URL (issue 24, item 8): a reload shows the same rows; a new sort starts from the first page.
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*pages=2.*"));
        page.reload();
        PlaywrightAssertions.assertThat(rows(page)).hasCount(UiSeed.FILLERS);
        java.util.List<Integer> byTokens = java.util.stream.IntStream.rangeClosed(1, UiSeed.FILLERS).boxed()
                .sorted(java.util.Comparator.comparingInt(UiSeed::fillerTotal)).toList();
        page.click("th button:has-text('Tokens')");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*sort=tokens.*"));
        PlaywrightAssertions.assertThat(page).not().hasURL(Pattern.compile(".*pages=.*"));
        PlaywrightAssertions.assertThat(rows(page)).hasCount(50);
        PlaywrightAssertions.assertThat(rows(page).first().locator(".subject-text")).hasText("Filler " + byTokens.get(UiSeed.FILLERS - 1));
        PlaywrightAssertions.assertThat(rows(page).nth(1).locator(".subject-text")).hasText("Filler " + byTokens.get(UiSeed.FILLERS - 2));
        page.click("th button:has-text('Tokens')");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*order=asc.*"));
        PlaywrightAssertions.assertThat(rows(page).first().locator(".subject-text")).hasText("Filler " + byTokens.get(0));
    }

    @Test
    void aNewCallAppearsInTheOpenTimelineAndTheActivityLogWithoutAReload() {
        String conv = "ui-live-" + System.nanoTime();
        Page timeline = liveTimeline(conv, "Live conversation", "2026-11-25T10:00:00Z");
        Page activity = signedIn(1280, "");
        PlaywrightAssertions.assertThat(activity.locator(".sidebar .live")).hasAttribute("data-live", "live");
        activity.mouse().move(5, 5);
        timeline.evaluate("window.__marker = 'no reload'");
        activity.evaluate("window.__marker = 'no reload'");

        String fresh = "ui-fresh-" + System.nanoTime();
        seed.post(List.of(UiSeed.call(conv, "Live conversation", "writer", "claude-sonnet-4-5", 2, "2026-11-25T10:00:05Z", ""),
                UiSeed.call(fresh, "Brand new conversation", "writer", "claude-sonnet-4-5", 1, "2026-11-26T10:00:00Z", "")));
        PlaywrightAssertions.assertThat(timeline.locator("li.item")).hasCount(2);
        PlaywrightAssertions.assertThat(timeline.locator(".totals [data-total=calls]")).hasText("2");
        PlaywrightAssertions.assertThat(activity.locator("tr[data-conversation='" + fresh + "']")).isVisible();
        PlaywrightAssertions.assertThat(callsOf(activity, conv)).hasText("2");
        assertThat(timeline.evaluate("window.__marker")).isEqualTo("no reload");
        assertThat(activity.evaluate("window.__marker")).isEqualTo("no reload");

        timeline.click("label.switch");
        PlaywrightAssertions.assertThat(timeline.locator(".sidebar .live")).hasAttribute("data-live", "paused");
        seed.post(List.of(UiSeed.call(conv, "Live conversation", "writer", "claude-sonnet-4-5", 3, "2026-11-25T10:00:09Z", "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount(conv) == 3);
        timeline.waitForTimeout(1000);
        PlaywrightAssertions.assertThat(timeline.locator("li.item")).hasCount(2);
        timeline.click("label.switch");
        PlaywrightAssertions.assertThat(timeline.locator("li.item")).hasCount(3);
    }

    /**
     * Issue 24, item 3: under "Last activity ↓" a conversation that gets a new call moves to the top, live; the activity
     * log pauses like the timeline, and lists again when resumed.
     */
    @Test
    void aConversationWithANewCallMovesToTheTopAndTheActivityLogPauses() {
        String older = "ui-order-a-" + System.nanoTime();
        String newer = "ui-order-b-" + System.nanoTime();
        java.time.Instant now = java.time.Instant.now();
        seed.post(List.of(UiSeed.call(older, "Order test A", "writer", "claude-sonnet-4-5", 1, now.minusSeconds(120).toString(), ""),
                UiSeed.call(newer, "Order test B", "writer", "claude-sonnet-4-5", 1, now.minusSeconds(60).toString(), "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount(older) == 1 && seed.callCount(newer) == 1);
        Page activity = signedIn(1280, "");
        PlaywrightAssertions.assertThat(activity.locator(".sidebar .live")).hasAttribute("data-live", "live");
        activity.mouse().move(5, 5);
        PlaywrightAssertions.assertThat(rows(activity).nth(0)).hasAttribute("data-conversation", newer);
        PlaywrightAssertions.assertThat(rows(activity).nth(1)).hasAttribute("data-conversation", older);

        seed.post(List.of(UiSeed.call(older, "Order test A", "writer", "claude-sonnet-4-5", 2, now.minusSeconds(30).toString(), "")));
        PlaywrightAssertions.assertThat(rows(activity).nth(0)).hasAttribute("data-conversation", older);
        PlaywrightAssertions.assertThat(callsOf(activity, older)).hasText("2");
        PlaywrightAssertions.assertThat(rows(activity).nth(1)).hasAttribute("data-conversation", newer);

        activity.click(".activity label.switch");
        PlaywrightAssertions.assertThat(activity.locator(".sidebar .live")).hasAttribute("data-live", "paused");
        seed.post(List.of(UiSeed.call(newer, "Order test B", "writer", "claude-sonnet-4-5", 2, now.minusSeconds(10).toString(), "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount(newer) == 2);
        activity.waitForTimeout(1000);
        PlaywrightAssertions.assertThat(rows(activity).nth(0)).hasAttribute("data-conversation", older);
        activity.click(".activity label.switch");
        PlaywrightAssertions.assertThat(activity.locator(".sidebar .live")).hasAttribute("data-live", "live");
        PlaywrightAssertions.assertThat(rows(activity).nth(0)).hasAttribute("data-conversation", newer);
        PlaywrightAssertions.assertThat(callsOf(activity, newer)).hasText("2");
    }

    /** A dropped stream says so, reconnects by itself with a fresh stream token, and resumes without a gap. */
    @Test
    void aDroppedStreamSaysSoThenResumesWhereItLeftOff() {
        String conv = "ui-drop-" + System.nanoTime();
        Page page = liveTimeline(conv, "Dropped stream", "2026-11-27T10:00:00Z");
        Page activity = signedIn(1280, "q=Dropped");
        PlaywrightAssertions.assertThat(activity.locator(".sidebar .live")).hasAttribute("data-live", "live");
        PlaywrightAssertions.assertThat(callsOf(activity, conv)).hasText("1");
        page.evaluate("window.__marker = 'no reload'");
        page.evaluate("""
                window.__liveStates = [];
                new MutationObserver(() => window.__liveStates.push(document.querySelector('.sidebar .live').dataset.live))
                    .observe(document.querySelector('.sidebar .live'), {attributes: true});""");
        system.crashAndRestartQuery();
        seed.post(List.of(UiSeed.call(conv, "Dropped stream", "writer", "claude-sonnet-4-5", 2, "2026-11-27T10:00:05Z", "")));
        PlaywrightAssertions.assertThat(page.locator("li.item"))
                .hasCount(2, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(60_000));
        PlaywrightAssertions.assertThat(page.locator(".sidebar .live")).hasAttribute("data-live", "live");
        assertThat(page.evaluate("window.__marker")).isEqualTo("no reload");
        assertThat(String.valueOf(page.evaluate("window.__liveStates"))).as("the indicator while the server was gone").contains("down");
        // The activity stream has no replay: the log lists again once it is back, so the change made meanwhile shows.
        PlaywrightAssertions.assertThat(callsOf(activity, conv))
                .hasText("2", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        PlaywrightAssertions.assertThat(page.locator(".sidebar .live")).containsText("Live");
    }

    @Test
    void theDetailShowsThinkingToolsHttpAndRateLimitsAndStepsWithJAndK() {
        Page page = signedIn(1280, "c=" + UiSeed.ALPHA);
        PlaywrightAssertions.assertThat(page.locator("li.item")).hasCount(4);
        PlaywrightAssertions.assertThat(page.locator(".prompt-change")).hasCount(1);
        page.click(".prompt-change button");
        PlaywrightAssertions.assertThat(page.locator(".diff-add")).containsText("Write long posts.");
        PlaywrightAssertions.assertThat(page.locator(".diff-del")).containsText("Write short posts.");
        Browsers.screenshot(page, "timeline-1280");

        page.click("li.item.llm_call >> nth=0");
        Locator detail = page.locator(".detail");
        PlaywrightAssertions.assertThat(detail.locator(".facts-grid")).containsText("claude-sonnet-4-5");
        Locator thinking = detail.locator("details.thinking");
        PlaywrightAssertions.assertThat(thinking).not().hasAttribute("open", "");
        thinking.locator("summary").click();
        PlaywrightAssertions.assertThat(thinking).containsText(UiSeed.THINKING);
        PlaywrightAssertions.assertThat(detail.locator(".tool-use").first()).containsText("search_web");
        PlaywrightAssertions.assertThat(detail.locator(".tool-execution")).containsText("\"hits\": 3");
        Locator http = detail.locator(".http-request");
        PlaywrightAssertions.assertThat(http).containsText("GET https://blog.example.test/wp-json/wp/v2/posts?search=tide");
        PlaywrightAssertions.assertThat(http).containsText("[REDACTED]");
        assertThat(http.textContent()).doesNotContain("wp-secret-value");
        PlaywrightAssertions.assertThat(detail.locator(".gauge")).hasCount(2);
        PlaywrightAssertions.assertThat(detail.locator("[data-gauge=Requests]")).containsText("7 / 50 left");
        assertThat(detail.locator("[data-gauge=Requests] .gauge-fill").getAttribute("class")).contains("mid");
        detail.locator(".section summary:has-text('System prompt')").click();
        PlaywrightAssertions.assertThat(detail).containsText("Write short posts.");
        PlaywrightAssertions.assertThat(detail).containsText("shared by 1 call");
        Browsers.screenshot(page, "detail-1280");

        page.locator("body").click(new Locator.ClickOptions().setPosition(1, 1));
        String first = page.url();
        page.keyboard().press("j");
        PlaywrightAssertions.assertThat(page.locator(".detail h2")).hasText("Tool execution");
        // Issue 24, item 8: a tool's detail lists the HTTP requests it made, and its call is a link.
        PlaywrightAssertions.assertThat(page.locator(".detail .tool-execution .http-request"))
                .containsText("GET https://blog.example.test/wp-json/wp/v2/posts?search=tide");
        PlaywrightAssertions.assertThat(page.locator(".detail a.call-link")).hasText("ui-alpha-call-1");
        page.keyboard().press("j");
        PlaywrightAssertions.assertThat(page.locator(".detail h2")).hasText("HTTP request");
        page.keyboard().press("k");
        PlaywrightAssertions.assertThat(page.locator(".detail h2")).hasText("Tool execution");
        page.keyboard().press("k");
        PlaywrightAssertions.assertThat(page).hasURL(first);
        page.keyboard().press("Escape");
        PlaywrightAssertions.assertThat(page.locator(".detail")).hasCount(0);
    }

    /**
     * Issue 24, item 6: Enter opens a conversation with the focus on its title, and an entry with the focus in its
     * panel; Esc gives the focus back to the entry. At phone width the panel steps with on-screen buttons.
     */
    @Test
    void theKeyboardFocusFollowsWhatOpensAndClosesAndPhonesStepWithButtons() {
        Page page = signedIn(1280, "q=tide");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        rows(page).first().focus();
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.locator(".timeline h1")).isFocused();
        page.locator("li.item").nth(1).focus();
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.locator(".detail h2")).isFocused();
        PlaywrightAssertions.assertThat(page.locator(".detail h2")).hasText("Tool execution");
        page.keyboard().press("Escape");
        PlaywrightAssertions.assertThat(page.locator(".detail")).hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("li.item").nth(1)).isFocused();

        Page phone = signedIn(390, "c=" + UiSeed.ALPHA);
        phone.locator("li.item").nth(0).click();
        PlaywrightAssertions.assertThat(phone.locator(".detail h2")).hasText("LLM call");
        phone.click(".detail button:has-text('Next')");
        PlaywrightAssertions.assertThat(phone.locator(".detail h2")).hasText("Tool execution");
        phone.click(".detail button:has-text('Prev')");
        PlaywrightAssertions.assertThat(phone.locator(".detail h2")).hasText("LLM call");
        Browsers.screenshot(phone, "detail-390");
    }

    /**
     * Issue 24, item 5: Markdown renders tables, links that open only http(s) in a new tab without opener, and images
     * as links that load nothing; right-to-left text is laid out right to left.
     */
    @Test
    void markdownRendersTablesAndSafeLinksAndLoadsNoImage() {
        String conv = "ui-md-" + System.nanoTime();
        String text = "| Model | Cost |\\n|---|--:|\\n| gpt-4o | $0.0034 |\\n\\nSee [the docs](https://docs.example.test/x) and "
                + "[a trap](javascript:alert(1)).\\n\\n![chart](https://img.example.test/c.png)\\n\\nمرحبا بالعالم";
        seed.post(List.of(UiSeed.call(conv, "Markdown test", "writer", "claude-sonnet-4-5", 1, "2026-11-20T10:00:00Z",
                ",\"response\":{\"text\":\"" + text + "\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> seed.callCount(conv) == 1);
        Browsers.Tab tab = browsers.open(1280);
        tabs.add(tab);
        Page page = tab.page();
        page.navigate(loginUrl("?c=" + conv + "&item=llm_call:" + conv + "-call-1"));
        page.click(".detail button:has-text('Markdown')");
        Locator md = page.locator(".detail .md").first();
        PlaywrightAssertions.assertThat(md.locator("table th")).hasCount(2);
        PlaywrightAssertions.assertThat(md.locator("table td").nth(1)).hasText("$0.0034");
        Locator docs = md.locator("a:has-text('the docs')");
        PlaywrightAssertions.assertThat(docs).hasAttribute("href", "https://docs.example.test/x");
        PlaywrightAssertions.assertThat(docs).hasAttribute("rel", "noopener noreferrer");
        PlaywrightAssertions.assertThat(docs).hasAttribute("target", "_blank");
        PlaywrightAssertions.assertThat(md.locator("a:has-text('a trap')")).hasCount(0);
        PlaywrightAssertions.assertThat(md).containsText("a trap (javascript:alert(1))");
        PlaywrightAssertions.assertThat(md.locator("img")).hasCount(0);
        PlaywrightAssertions.assertThat(md.locator("a:has-text('Image: chart')")).hasAttribute("href", "https://img.example.test/c.png");
        assertThat(tab.requests()).noneMatch(url -> url.contains("img.example.test"));
        Locator arabic = md.locator("p:has-text('مرحبا')");
        assertThat(arabic.evaluate("e => getComputedStyle(e).direction")).isEqualTo("rtl");
        Browsers.screenshot(page, "markdown-1280");
    }

    /**
     * Issue 24, item 7: axe-core (the npm package of src/test/node) finds no violation on any view, in light and dark:
     * sign-in, activity, timeline, the detail of each kind of entry, analytics. The prices page: {@link UiPricesIT}.
     */
    @Test
    void axeFindsNoViolationOnAnyViewInLightOrDark() {
        Map<String, List<String>> found = new java.util.TreeMap<>();
        for (com.microsoft.playwright.options.ColorScheme scheme : List.of(com.microsoft.playwright.options.ColorScheme.LIGHT,
                com.microsoft.playwright.options.ColorScheme.DARK)) {
            Browsers.Tab out = browsers.open(1280);
            tabs.add(out);
            out.page().emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            out.page().navigate(system.query().baseUrl() + "/");
            PlaywrightAssertions.assertThat(out.page().locator(".signin")).isVisible();
            found.put(scheme + " sign-in", Axe.violations(out.page()));

            Page page = signedIn(1280, "");
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            PlaywrightAssertions.assertThat(rows(page).first()).isVisible();
            found.put(scheme + " activity", Axe.violations(page));
            page.navigate(system.query().baseUrl() + "/?c=" + UiSeed.ALPHA);
            PlaywrightAssertions.assertThat(page.locator("li.item")).hasCount(4);
            found.put(scheme + " timeline", Axe.violations(page));
            for (String kind : List.of("llm_call", "tool_execution", "http_request")) {
                page.click("li.item." + kind + " >> nth=0");
                PlaywrightAssertions.assertThat(page.locator(".detail .detail-body .state")).hasCount(0);
                found.put(scheme + " detail " + kind, Axe.violations(page));
            }
            page.navigate(system.query().baseUrl() + "/?view=analytics&from=2026-11-01&to=2026-11-30");
            PlaywrightAssertions.assertThat(page.locator(".analytics .totals")).isVisible();
            found.put(scheme + " analytics", Axe.violations(page));
        }
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("axe-core violations by view").isEmpty();
    }

    @Test
    void userContentIsShownAsTextNeverRun() {
        Page page = signedIn(1280, "q=window.__xss");
        PlaywrightAssertions.assertThat(rows(page)).hasCount(1);
        PlaywrightAssertions.assertThat(rows(page).first().locator(".subject-text")).hasText(UiSeed.XSS_SUBJECT);
        rows(page).first().click();
        page.click("li.item.llm_call");
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("<img src=x onerror=\"window.__xss=3\">Hello");
        page.click("text=Markdown");
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("<img src=x onerror=\"window.__xss=3\">Hello");
        assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
        assertThat(page.locator("img").count()).isZero();
    }

    /**
     * Issue 24, item 4: analytics applies the assistant and model filters of a shared link and says so; switching views
     * carries no range or filter over unseen; an empty past range does not promise live rows.
     */
    @Test
    void analyticsNamesItsFiltersAndViewsKeepTheirOwnRange() {
        Page page = signedIn(1280, "view=analytics&from=2026-11-01&to=2026-11-30&assistant=writer");
        PlaywrightAssertions.assertThat(page.locator(".filter-note")).containsText("Only assistant writer");
        Integer calls = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/analytics/usage?from=2026-11-01&to=2026-11-30&tz=UTC&groupBy=day&assistant=writer").then().statusCode(200)
                .extract().path("totals.calls");
        Integer all = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/analytics/usage?from=2026-11-01&to=2026-11-30&tz=UTC&groupBy=day").then().extract().path("totals.calls");
        assertThat(calls).isPositive().isLessThan(all);
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText(String.format(java.util.Locale.US, "%,d", calls));
        page.click(".filter-note button");
        PlaywrightAssertions.assertThat(page.locator(".filter-note")).hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText(String.format(java.util.Locale.US, "%,d", all));
        page.click("nav.sidebar a[href='/']");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/$"));
        PlaywrightAssertions.assertThat(rows(page).first()).isVisible();

        page.fill("input[name=from]", "2020-01-01");
        page.fill("input[name=to]", "2020-01-02");
        PlaywrightAssertions.assertThat(page.locator(".state.empty")).hasText("No conversations match these filters in this range.");
    }

    @Test
    void analyticsChartsTheRangeWithTotalsFromTheApi() {
        Page page = signedIn(1280, "view=analytics&from=2026-11-01&to=2026-11-30&split=model");
        Integer calls = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/analytics/usage?from=2026-11-01&to=2026-11-30&tz=UTC").then().statusCode(200).extract().path("totals.calls");
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText(String.format(java.util.Locale.US, "%,d", calls));
        PlaywrightAssertions.assertThat(page.locator(".chart canvas")).hasCount(8);
        PlaywrightAssertions.assertThat(page.locator(".chart").first()).containsText("gpt-4o-mini");
        PlaywrightAssertions.assertThat(page.locator("table.groups")).containsText("claude-sonnet-4-5");
        Browsers.screenshot(page, "analytics-1280");
    }

    /** The first view is small, self-contained and has no inline script (the page runs under a CSP without it). */
    @Test
    void theFirstViewStaysWithinItsBudgetWithoutInlineScript() throws Exception {
        String index = given().baseUri(system.query().baseUrl()).get("/").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                .extract().asString();
        java.util.regex.Matcher assets = Pattern.compile("(?:src|href)=\"(/static/bundle/[^\"]+)\"").matcher(index);
        long gzipped = 0;
        int count = 0;
        while (assets.find()) {
            byte[] body = given().baseUri(system.query().baseUrl()).get(assets.group(1)).then().statusCode(200).extract().asByteArray();
            var out = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
                gzip.write(body);
            }
            gzipped += out.size();
            count++;
        }
        System.out.printf("UI first view: %d bundle files, %.1f KB gzipped%n", count, gzipped / 1024.0);
        assertThat(count).isGreaterThanOrEqualTo(2);
        assertThat(gzipped).isLessThanOrEqualTo(100 * 1024);
        Page page = signedIn(1280, "");
        assertThat(page.locator("script:not([src])").count()).isZero();
    }

    @Test
    void everyViewAtPhoneWidthLoadsNothingFromAnotherOrigin() {
        Browsers.Tab tab = browsers.open(390);
        tabs.add(tab);
        Page page = tab.page();
        page.navigate(loginUrl(""));
        PlaywrightAssertions.assertThat(rows(page).first()).isVisible();
        Browsers.screenshot(page, "activity-390");
        page.navigate(system.query().baseUrl() + "/?c=" + UiSeed.ALPHA);
        PlaywrightAssertions.assertThat(page.locator("li.item")).hasCount(4);
        Browsers.screenshot(page, "timeline-390");
        page.click("li.item.llm_call >> nth=0");
        PlaywrightAssertions.assertThat(page.locator(".detail .facts-grid")).isVisible();
        Browsers.screenshot(page, "detail-390");
        page.keyboard().press("Escape");
        page.click("text=Analytics");
        PlaywrightAssertions.assertThat(page.locator(".analytics .totals")).isVisible();
        PlaywrightAssertions.assertThat(page.locator(".analytics input[name=from]")).isVisible();
        Browsers.screenshot(page, "analytics-390");
        assertThat((Object) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).isEqualTo(true);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        page.click(".sidebar a:has-text('API Logs')");
        PlaywrightAssertions.assertThat(rows(page).first()).isVisible();
        assertThat((String) page.evaluate("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(18, 21, 27)");
        Browsers.screenshot(page, "activity-390-dark");
        String origin = system.query().baseUrl();
        assertThat(tab.requests()).isNotEmpty().allSatisfy(url -> assertThat(url).matches(
                Pattern.quote(origin) + "/.*|data:.*|blob:.*"));
    }
}
