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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 24, item 8: the Prices page in Chromium. It names the models logged without a price, shows the table in force,
 * sets a workspace price with an admin key (refusing a wrong one with the server's words), reprices, and has no
 * axe-core violation in light or dark.
 */
@ExtendWith(SharedSystem.class)
class UiPricesIT extends BrowserTestBase {
    private static final String UNPRICED = "house-llm-7";
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("Prices tests");
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            events.add(UiSeed.call("prices-conv", "Unpriced model", "pricer", UNPRICED, n, "2026-11-20T10:0" + n + ":00Z", ""));
        }
        events.add(UiSeed.call("prices-conv", "Unpriced model", "pricer", "claude-haiku-4-5", 3, "2026-11-20T10:05:00Z", ""));
        new UiSeed(system, ws).post(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> unpricedCalls() == 3);
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private static long unpricedCalls() {
        Integer count = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/analytics/usage").then().extract().path("totals.unpricedCallCount");
        return count == null ? -1 : count;
    }

    private Page signedIn(int width) {
        return browsers.signedIn(tabs, width, system.admin().loginUrl(ws.id()), "Prices tests");
    }

    @Test
    void unpricedModelsAreNamedAndAWorkspacePriceIsSetWithAnAdminKeyThenRepriced() {
        Page page = signedIn(1280);
        page.click(".sidebar >> text=Prices");
        PlaywrightAssertions.assertThat(page).hasURL(java.util.regex.Pattern.compile(".*view=prices.*"));
        PlaywrightAssertions.assertThat(page.locator("table.unpriced tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.unpriced tbody tr")).containsText(UNPRICED);
        PlaywrightAssertions.assertThat(page.locator("table.unpriced tbody tr td.num")).hasText("3");
        PlaywrightAssertions.assertThat(page.locator("table.price-table tr.source-default", new Page.LocatorOptions()
                .setHasText("claude-haiku-4-5")).first()).isVisible();
        Browsers.screenshot(page, "prices-1280");

        page.click("table.unpriced >> text=Set a price");
        PlaywrightAssertions.assertThat(page.locator("input[name=model]")).hasValue(UNPRICED);
        page.fill("input[name=effectiveFrom]", "2026-01-01");
        page.fill("input[name=inputPerMTok]", "2");
        page.fill("input[name=outputPerMTok]", "10");
        page.fill("input[name=adminKey]", ws.readKey());
        page.click("text=Save price");
        PlaywrightAssertions.assertThat(page.locator(".price-form .error")).containsText("admin key was refused");
        // The refusal Chromium logs is the one this step asked for.
        assertThat(tabs.get(0).errors()).singleElement().asString().contains("403");
        tabs.get(0).errors().clear();

        page.fill("input[name=adminKey]", ws.adminKey());
        page.click("text=Save price");
        PlaywrightAssertions.assertThat(page.locator(".price-form .saved")).containsText("Saved: " + UNPRICED);
        PlaywrightAssertions.assertThat(page.locator("table.price-table tr.source-workspace")).containsText(UNPRICED);
        page.click(".price-form >> text=Reprice calls since 2026-01-01");
        PlaywrightAssertions.assertThat(page.locator(".price-form .repriced")).containsText("calls repriced");
        PlaywrightAssertions.assertThat(page.locator(".prices")).containsText("Every logged call has a price.");
        assertThat(unpricedCalls()).isZero();
        // The stored call is priced by the workspace price now.
        String cost = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/calls/prices-conv-call-0").then().statusCode(200).extract().path("cost.priceSource");
        assertThat(cost).isEqualTo("workspace");
    }

    @Test
    void aBadPriceShowsTheServersFieldErrors() {
        Page page = signedIn(390);
        page.navigate(system.query().baseUrl() + "/?view=prices");
        page.fill("input[name=model]", "some-model");
        page.fill("input[name=inputPerMTok]", "1.0000000001");
        page.fill("input[name=outputPerMTok]", "1");
        page.fill("input[name=adminKey]", ws.adminKey());
        page.click("text=Save price");
        PlaywrightAssertions.assertThat(page.locator(".price-form .error li")).containsText("inputPerMTok");
        Browsers.screenshot(page, "prices-390");
    }

    @Test
    void axeFindsNoViolationOnThePricesPageInLightOrDark() {
        Map<String, List<String>> found = new TreeMap<>();
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            Page page = signedIn(1280);
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            page.navigate(system.query().baseUrl() + "/?view=prices");
            PlaywrightAssertions.assertThat(page.locator("table.price-table")).isVisible();
            found.put(scheme + " prices", Axe.violations(page));
        }
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("axe-core violations").isEmpty();
    }
}
