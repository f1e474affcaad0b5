package io.apilogs.e2e;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 25 in Chromium: the Calls page (totals, sort, errors only, a metadata column, a row that opens its entry,
 * CSV export), the activity log's user and tag pickers, and no axe-core violation on the Calls page, light or dark.
 */
@ExtendWith(SharedSystem.class)
class UiCallsIT extends BrowserTestBase {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("Calls tests");
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            String labels = ",\"user\":{\"id\":\"cust-" + (n % 2) + "\",\"name\":\"" + (n % 2 == 0 ? "Ada" : "Bea") + "\"},"
                    + "\"tags\":[\"" + (n % 2 == 0 ? "refund" : "shipping") + "\"],\"metadata\":{\"plan\":\"" + (n < 3 ? "pro" : "free") + "\"}";
            String error = n == 4 ? ",\"stopReason\":null,\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many\",\"httpStatus\":429}" : "";
            events.add(UiSeed.call("calls-conv-" + (n % 2), n % 2 == 0 ? "Refund for order 42" : "Where is my parcel", "writer",
                    "claude-haiku-4-5", n, 1000 + n * 100, "2026-11-20T10:0" + n + ":00Z", labels + error));
        }
        new UiSeed(system, ws).post(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> calls() == 6);
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private static int calls() {
        Integer count = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/calls/summary").then().extract().path("count");
        return count == null ? -1 : count;
    }

    private Page signedIn(int width) {
        return browsers.signedIn(tabs, width, system.admin().loginUrl(ws.id()), "Calls tests");
    }

    @Test
    void theCallsPageSumsSortsFiltersAddsAMetadataColumnExportsAndOpensAnEntry() throws Exception {
        Page page = signedIn(1280);
        page.click(".sidebar >> text=Calls");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*view=calls.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(6);
        PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("Calls6");
        PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("Errors1");
        // Newest first; then by tokens, most first (call 5 has the most input tokens, call 0 the fewest).
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr").first()).hasAttribute("data-call", "calls-conv-1-call-5");
        page.click("thead >> text=Tokens");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*sort=tokens.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr").last()).hasAttribute("data-call", "calls-conv-0-call-0");

        page.selectOption("select[name=column]", "plan");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*cols=plan.*"));
        PlaywrightAssertions.assertThat(page.locator("thead th", new Page.LocatorOptions().setHasText("plan"))).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("tr[data-call=calls-conv-0-call-0] td[data-label=plan]")).hasText("pro");

        page.fill("input[name=httpStatus]", "429");
        page.press("input[name=httpStatus]", "Tab");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*httpStatus=429.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        page.check("input[name=status]");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("Calls1");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr .flag.error")).hasText("429");
        Browsers.screenshot(page, "calls-1280");

        // A reload of the filtered, sorted link shows the same list.
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("thead th", new Page.LocatorOptions().setHasText("plan"))).hasCount(1);

        Download download = page.waitForDownload(() -> page.click("text=Export CSV"));
        assertThat(download.suggestedFilename()).matches("calls-\\d{4}-\\d{2}-\\d{2}\\.csv");
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("callId,");
        assertThat(lines.get(1)).startsWith("calls-conv-0-call-4,").contains("rate_limit_error");

        page.click("table.log tbody tr");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*c=calls-conv-0.*item=llm_call%3Acalls-conv-0-call-4.*"));
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("rate_limit_error");
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("Ada");
    }

    @Test
    void theActivityLogFiltersByUserAndTagAndExportsWhatItShows() throws Exception {
        Page page = signedIn(1280);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        PlaywrightAssertions.assertThat(page.locator("tr[data-conversation=calls-conv-1] .chip.user")).hasText("Bea");
        page.selectOption("select[name=user]", "cust-0");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasAttribute("data-conversation", "calls-conv-0");
        // The tag picker counts within the user filter: only refund is left.
        PlaywrightAssertions.assertThat(page.locator("select[name=tag] option")).hasCount(2);
        page.selectOption("select[name=tag]", "refund");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*user=cust-0.*tag=refund.*"));
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        Download download = page.waitForDownload(() -> page.click("text=Export JSONL"));
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).singleElement().asString().contains("\"conversationId\":\"calls-conv-0\"").contains("\"tags\":[\"refund\"]");
        Browsers.screenshot(page, "activity-user-tag-1280");
        page.setViewportSize(390, 844);
        Browsers.screenshot(page, "activity-user-tag-390");
        page.setViewportSize(1280, 900);

        // In the timeline, E opens the next entry that failed.
        page.click("table.log tbody tr");
        PlaywrightAssertions.assertThat(page.locator(".timeline li.item")).hasCount(3);
        page.keyboard().press("e");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*item=llm_call%3Acalls-conv-0-call-4.*"));
        PlaywrightAssertions.assertThat(page.locator(".detail")).containsText("rate_limit_error");
    }

    /**
     * The filters beyond the pickers, in the UI (issue 25, item 2): metadata, token ranges and error type on the Calls
     * page; metadata and error type together on the activity log, where a conversation matches when any of its events
     * carries each; all in the URL, and cleared at once.
     */
    @Test
    void moreFiltersNarrowTheCallsPageAndTheActivityLog() {
        Page page = signedIn(1280);
        page.navigate(system.query().baseUrl() + "/?view=calls");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(6);
        page.click(".more-filters summary");
        page.fill("input[name=meta]", "plan=free");
        page.press("input[name=meta]", "Enter");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*meta\\.plan=free.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(3);
        PlaywrightAssertions.assertThat(page.locator(".more-filters .chip")).containsText("plan=free");
        // Calls 3, 4 and 5 have 1,353, 1,454 and 1,555 tokens.
        page.fill("input[name=minTokens]", "1400");
        page.press("input[name=minTokens]", "Tab");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*minTokens=1400.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        page.fill("input[name=errorType]", "rate_limit_error");
        page.press("input[name=errorType]", "Tab");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasAttribute("data-call", "calls-conv-0-call-4");
        PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("Calls1");
        PlaywrightAssertions.assertThat(page.locator(".more-filters summary")).hasText("More filters (3)");
        Browsers.screenshot(page, "calls-more-filters-1280");
        page.setViewportSize(390, 844);
        Browsers.screenshot(page, "calls-more-filters-390");
        page.setViewportSize(1280, 900);

        // The activity log: conversation 0 has a free-plan call that failed; conversation 1's free calls did not fail.
        page.navigate(system.query().baseUrl() + "/?meta.plan=free");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        PlaywrightAssertions.assertThat(page.locator(".more-filters")).hasAttribute("open", "");
        page.fill("input[name=errorType]", "rate_limit_error");
        page.press("input[name=errorType]", "Tab");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasAttribute("data-conversation", "calls-conv-0");
        page.reload();
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        page.click(".more-filters .chip button");
        PlaywrightAssertions.assertThat(page).not().hasURL(Pattern.compile(".*meta\\.plan.*"));
        page.click("text=Clear filters");
        PlaywrightAssertions.assertThat(page).not().hasURL(Pattern.compile(".*errorType.*"));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        Browsers.screenshot(page, "more-filters-1280");
    }

    @Test
    void aNewCallAppearsLiveAtTheTopAndNotWhilePaused() {
        // A workspace of its own, so the other tests' counts stay as they are.
        AdminClient.Workspace live = SharedSystem.newWorkspace("Calls live");
        Page page = browsers.signedIn(tabs, 1280, system.admin().loginUrl(live.id()), "Calls live");
        page.navigate(system.query().baseUrl() + "/?view=calls");
        PlaywrightAssertions.assertThat(page.locator(".state")).containsText("No calls match");
        PlaywrightAssertions.assertThat(page.locator(".sidebar .live")).hasAttribute("data-live", "live");
        new UiSeed(system, live).post(List.of(UiSeed.call("calls-live", "A live one", "writer", "claude-haiku-4-5", 0,
                "2026-11-21T10:00:00Z", "")));
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr").first()).hasAttribute("data-call", "calls-live-call-0");
        PlaywrightAssertions.assertThat(page.locator(".totals")).containsText("Calls1");

        page.uncheck("input[name=live]");
        PlaywrightAssertions.assertThat(page.locator(".sidebar .live")).hasAttribute("data-live", "paused");
        new UiSeed(system, live).post(List.of(UiSeed.call("calls-live", "A live one", "writer", "claude-haiku-4-5", 1,
                "2026-11-21T10:01:00Z", "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(2).equals(given().baseUri(system.query().baseUrl())
                .header("Authorization", "Bearer " + live.readKey()).get("/v1/calls/summary").then().extract().path("count")));
        page.waitForTimeout(1000);
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(1);
        page.check("input[name=live]");
        PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(2);
        page.setViewportSize(390, 844);
        Browsers.screenshot(page, "calls-390");
    }

    @Test
    void axeFindsNoViolationOnTheCallsPageInLightOrDark() {
        Map<String, List<String>> found = new TreeMap<>();
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            Page page = signedIn(1280);
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            page.navigate(system.query().baseUrl() + "/?view=calls&cols=plan&meta.plan=pro");
            PlaywrightAssertions.assertThat(page.locator("table.log tbody tr")).hasCount(3);
            PlaywrightAssertions.assertThat(page.locator(".more-filters")).hasAttribute("open", "");
            found.put(scheme + " calls, more filters open", Axe.violations(page));
        }
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("axe-core violations").isEmpty();
    }
}
