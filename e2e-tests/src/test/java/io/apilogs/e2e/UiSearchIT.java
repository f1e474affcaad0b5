package io.apilogs.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 26 in Chromium: every query of the corpus ({@link SearchCorpus}) finds exactly its planted calls on the Calls
 * page; the activity log shows where a conversation matched; a snippet opens the timeline at the matching entry with
 * the text highlighted; the timeline's find box steps through the matches; no axe-core violation on results.
 */
@ExtendWith(SharedSystem.class)
class UiSearchIT extends BrowserTestBase {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("Search tests");
        given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey())
                .contentType("application/json; charset=utf-8").body(SearchCorpus.batch().getBytes(StandardCharsets.UTF_8))
                .post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Integer count = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                    .get("/v1/calls/summary").then().extract().path("count");
            Integer http = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                    .get("/v1/conversations/search-en").then().extract().path("httpCount");
            return count != null && count == 11 && http != null && http == 1;
        });
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private Page signedIn(int width) {
        return browsers.signedIn(tabs, width, system.admin().loginUrl(ws.id()), "Search tests");
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void everyQueryOfTheCorpusFindsItsPlantedCallsOnTheCallsPage() {
        Page page = signedIn(1280);
        for (Map.Entry<String, List<String>> query : SearchCorpus.CALLS.entrySet()) {
            page.navigate(system.query().baseUrl() + "/?view=calls&q=" + q(query.getKey()));
            if (query.getValue().isEmpty()) {
                PlaywrightAssertions.assertThat(page.locator(".empty")).containsText("No call matches this search");
                continue;
            }
            PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(query.getValue().size());
            List<String> shown = page.locator("table.log tbody tr").all().stream().map(row -> row.getAttribute("data-call")).toList();
            assertThat(shown).as(query.getKey()).containsExactlyElementsOf(query.getValue());
            PlaywrightAssertions.assertThat(page.locator("table.log tbody tr").first().locator(".snippet mark").first()).isVisible();
            PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("not computed for a search");
        }
    }

    @Test
    void aSnippetOpensTheTimelineAtItsEntryWithTheMatchHighlighted() {
        Page page = signedIn(1280);
        page.fill("input[name=q]", "退款");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*\\?q=%E9%80%80%E6%AC%BE$"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        PlaywrightAssertions.assertThat(page.locator("tr[data-conversation=search-zh] .snippet")).containsText("Subject");
        PlaywrightAssertions.assertThat(page.locator("tr[data-conversation=search-en] .snippet mark")).hasText("退款");
        page.click("tr[data-conversation=search-en] a.match");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*c=search-en.*item=http_request%3As-http-1.*hl=.*"));
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("98765");
        PlaywrightAssertions.assertThat(page.locator("input[name=hl]")).hasValue("退款");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat((Integer) page.evaluate(
                "() => CSS.highlights.has('apilogs-search') ? CSS.highlights.get('apilogs-search').size : 0")).isPositive());
        Browsers.screenshot(page, "search-timeline-1280");
        page.goBack();
        PlaywrightAssertions.assertThat(page.locator("tr[data-conversation=search-en] .snippet mark")).hasText("退款");
        Browsers.screenshot(page, "search-results-1280");
        page.setViewportSize(390, 844);
        PlaywrightAssertions.assertThat(page.locator("tr[data-conversation=search-en] .snippet mark")).isVisible();
        Browsers.screenshot(page, "search-results-390");
    }

    @Test
    void theFindBoxStepsThroughTheMatchesOfOneConversation() {
        Page page = browsers.signedIn(tabs, 1280, BrowserTestBase.loginUrl(system, ws.id(), "?c=search-en"), "Search tests");
        PlaywrightAssertions.assertThat(page.locator("ol.items li.item")).hasCount(4);
        page.fill("input[name=hl]", "step");
        PlaywrightAssertions.assertThat(page.locator(".find-status")).hasText("2 matches");
        page.press("input[name=hl]", "Enter");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*item=llm_call%3As-en-1.*"));
        PlaywrightAssertions.assertThat(page.locator(".find-status")).hasText("1 of 2 matches");
        page.press("input[name=hl]", "Enter");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*item=llm_call%3As-en-2.*"));
        PlaywrightAssertions.assertThat(page.locator(".find-snippet mark")).hasText("step");
        page.setViewportSize(390, 844);
        PlaywrightAssertions.assertThat(page.locator(".find-snippet mark")).isVisible();
        Browsers.screenshot(page, "search-find-390");
        page.setViewportSize(1280, 900);
        page.fill("input[name=hl]", "nothing-matches-this");
        PlaywrightAssertions.assertThat(page.locator(".find-status")).hasText("No match");
    }

    @Test
    void axeFindsNoViolationOnSearchResultsInLightOrDark() {
        Map<String, List<String>> found = new TreeMap<>();
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            Page page = signedIn(1280);
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            page.navigate(system.query().baseUrl() + "/?q=" + q("order"));
            PlaywrightAssertions.assertThat(page.locator("table.log tbody tr .snippet").first()).isVisible();
            found.put(scheme + " activity search", Axe.violations(page));
            page.navigate(system.query().baseUrl() + "/?c=search-en&hl=step&item=llm_call%3As-en-1");
            PlaywrightAssertions.assertThat(page.locator(".find-status")).hasText("1 of 2 matches");
            found.put(scheme + " timeline find", Axe.violations(page));
        }
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("axe-core violations").isEmpty();
    }
}
