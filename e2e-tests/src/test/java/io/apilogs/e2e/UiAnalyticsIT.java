package io.apilogs.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 27's dashboard in Chromium, on the packaged services: its totals are the API's; the model that ran closest to
 * its rate limit is found in the headroom chart's table and opens the calls behind that point; 429s open the refused
 * calls; a click on a chart opens its interval's calls; the URL's filters apply and are named; it updates live; it
 * fits 390 px; axe-core finds nothing in light or dark.
 */
@ExtendWith(SharedSystem.class)
class UiAnalyticsIT extends BrowserTestBase {
    private static final String RANGE = "from=2026-10-05&to=2026-10-09";
    private static final int CALLS = 12;
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("Analytics tests");
        String roomy = ",\"rateLimit\":{\"anthropic-ratelimit-requests-limit\":\"50\",\"anthropic-ratelimit-requests-remaining\":\"40\"}";
        String tight = ",\"rateLimit\":{\"anthropic-ratelimit-requests-limit\":\"50\",\"anthropic-ratelimit-requests-remaining\":\"2\"}";
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(UiSeed.call("dash-a", "Monday", "writer", "claude-sonnet-4-5", i, "2026-10-05T10:0" + i + ":00Z", roomy));
        }
        for (int i = 0; i < 2; i++) {
            events.add(UiSeed.call("dash-b", "Monday too", "sql", "gpt-4o", i, "2026-10-05T11:0" + i + ":00Z", ""));
        }
        for (int i = 0; i < 3; i++) {
            events.add(UiSeed.call("dash-c", "Tight Tuesday", "writer", "claude-sonnet-4-5", i, "2026-10-06T14:0" + i + ":00Z", tight));
        }
        events.add(UiSeed.call("dash-c", "Tight Tuesday", "writer", "claude-sonnet-4-5", 3, "2026-10-06T14:05:00Z", tight
                + ",\"stopReason\":null,\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of requests exceeded\",\"httpStatus\":429}"));
        events.add(UiSeed.call("dash-d", "Refund on Wednesday", "sql", "gpt-4o", 0, "2026-10-07T09:00:00Z", ",\"tags\":[\"refund\"]"));
        events.add(UiSeed.call("dash-d", "Refund on Wednesday", "sql", "gpt-4o", 1, "2026-10-07T09:01:00Z", ""));
        events.add(UiSeed.call("dash-e", "Friday", "writer", "claude-sonnet-4-5", 0, "2026-10-09T16:00:00Z", roomy));
        new UiSeed(system, ws).post(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> Integer.valueOf(CALLS).equals(given().baseUri(system.query().baseUrl())
                .header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/summary?" + RANGE + "&tz=UTC").then().extract().path("count")));
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private Page signedIn(int width, String query) {
        Page page = browsers.signedIn(tabs, width, system.admin().loginUrl(ws.id()), "Analytics tests");
        page.navigate(system.query().baseUrl() + "/?view=analytics&" + query);
        PlaywrightAssertions.assertThat(page.locator(".analytics .totals")).isVisible();
        return page;
    }

    private static Integer apiTotal(String query, String field) {
        return given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/analytics/series?tz=UTC&" + query).then().statusCode(200).extract().path("series[0].totals." + field);
    }

    private static String count(int n) {
        return String.format(Locale.US, "%,d", n);
    }

    @Test
    void theModelClosestToItsLimitOpensTheCallsBehindThatPoint() {
        Page page = signedIn(1280, RANGE);
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText(count(apiTotal(RANGE, "calls")));
        assertThat(apiTotal(RANGE, "calls")).isEqualTo(CALLS);
        PlaywrightAssertions.assertThat(page.locator("[data-total=rateLimited]")).hasText("1");
        PlaywrightAssertions.assertThat(page.locator("table.groups")).containsText("claude-sonnet-4-5");
        PlaywrightAssertions.assertThat(page.locator("table.groups tr", new Page.LocatorOptions().setHasText("claude-sonnet-4-5")))
                .containsText("4%");

        // The headroom chart's table: the lowest share per model and day; Tuesday's 4% opens Tuesday's sonnet calls.
        page.click("[data-chart=headroom] figcaption button");
        PlaywrightAssertions.assertThat(page.locator("[data-chart=headroom] table.chart-table")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("[data-chart=headroom] thead")).containsText("claude-sonnet-4-5");
        page.locator("[data-chart=headroom] tbody tr", new Page.LocatorOptions().setHasText("2026-10-06")).locator("a", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("4%")).click();
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*view=calls.*"));
        assertThat(page.url()).contains("model=claude-sonnet-4-5").contains("from=2026-10-06").contains("to=2026-10-06");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(4);

        // 429s open the refused call.
        page.goBack();
        PlaywrightAssertions.assertThat(page.locator("[data-chart=errors]")).isVisible();
        page.click("[data-chart=errors] figcaption button");
        page.locator("[data-chart=errors] tbody tr", new Page.LocatorOptions().setHasText("2026-10-06")).locator("td").nth(1).locator("a").click();
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*httpStatus=429.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        Browsers.screenshot(page, "analytics-drill-429");
    }

    @Test
    void aClickOnAChartOpensTheCallsOfThatInterval() {
        Page page = signedIn(1280, RANGE);
        com.microsoft.playwright.Locator over = page.locator("[data-chart=calls] .u-over");
        PlaywrightAssertions.assertThat(over).isVisible();
        var box = over.boundingBox();
        // Five days: the middle of the plot is Wednesday, 7 October (two calls).
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().click(box.x + box.width / 2, box.y + box.height / 2);
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*view=calls.*from=2026-10-07.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
    }

    @Test
    void theUrlsFiltersApplyAndAreNamed() {
        Page page = signedIn(1280, RANGE + "&tag=refund");
        PlaywrightAssertions.assertThat(page.locator(".filter-note")).containsText("Only tag refund");
        // Like GET /v1/calls, analytics apply a tag to each call: only the call that carried it counts.
        assertThat(apiTotal(RANGE + "&tag=refund", "calls")).isEqualTo(1);
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText("1");
        page.click(".filter-note button");
        PlaywrightAssertions.assertThat(page.locator(".filter-note")).hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText(count(CALLS));
        page.navigate(system.query().baseUrl() + "/?view=analytics&" + RANGE + "&split=model&status=error");
        PlaywrightAssertions.assertThat(page.locator(".filter-note")).containsText("Only status error");
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).hasText("1");
        PlaywrightAssertions.assertThat(page.locator("[data-chart=cost] .u-legend")).containsText("claude-sonnet-4-5");
    }

    @Test
    void itUpdatesLiveWhileTheRangeReachesToday() {
        Page page = signedIn(1280, "");
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]")).isVisible();
        int before = Integer.parseInt(page.locator("[data-total=calls]").textContent().replace(",", ""));
        new UiSeed(system, ws).post(List.of(UiSeed.call("dash-live", "Now", "writer", "claude-haiku-4-5", 0,
                Instant.now().minusSeconds(30).toString(), "")));
        // The page refreshes every 15 s while the range reaches today.
        PlaywrightAssertions.assertThat(page.locator("[data-total=calls]"))
                .hasText(count(before + 1), new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(45_000));
    }

    @Test
    void itFitsAPhoneAndAxeFindsNoViolation() {
        Page phone = signedIn(390, RANGE + "&split=model");
        PlaywrightAssertions.assertThat(phone.locator("[data-chart=headroom] canvas")).isVisible();
        assertThat((Object) phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).isEqualTo(true);
        for (String chart : List.of("cost", "headroom")) {
            Object inside = phone.evaluate("c => { const f = document.querySelector('[data-chart=' + c + ']').getBoundingClientRect();"
                    + " const u = document.querySelector('[data-chart=' + c + '] .uplot').getBoundingClientRect(); return u.right <= f.right + 1; }", chart);
            assertThat(inside).as(chart + " chart within its box").isEqualTo(true);
        }
        Browsers.screenshot(phone, "analytics-dashboard-390");
        Map<String, List<String>> found = new TreeMap<>();
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            Page page = signedIn(1280, RANGE + "&split=model");
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            PlaywrightAssertions.assertThat(page.locator("[data-chart=headroom] canvas")).isVisible();
            found.put(scheme + " dashboard", Axe.violations(page));
            page.click("[data-chart=cost] figcaption button");
            PlaywrightAssertions.assertThat(page.locator("[data-chart=cost] table.chart-table")).isVisible();
            PlaywrightAssertions.assertThat(page.locator("[data-chart=cost] .uplot")).hasCount(0);
            found.put(scheme + " dashboard, a table view", Axe.violations(page));
            if (scheme == ColorScheme.LIGHT) {
                Browsers.screenshot(page, "analytics-dashboard-1280");
            }
        }
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("axe-core violations").isEmpty();
    }
}
