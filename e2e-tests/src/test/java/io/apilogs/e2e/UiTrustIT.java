package io.apilogs.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, finding 6, in Chromium: a sign-in link opened in a signed-in tab asks before it replaces the session, and
 * names that hide direction controls or mix look-alike scripts are shown as such.
 */
@ExtendWith(SharedSystem.class)
class UiTrustIT extends BrowserTestBase {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static AdminClient.Workspace other;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("Trust tests");
        other = SharedSystem.newWorkspace("Someone else");
        browsers = new Browsers();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    private Page signedIn() {
        return signedIn(1280);
    }

    private Page signedIn(int width) {
        return browsers.signedIn(tabs, width, system.admin().loginUrl(ws.id()), "Trust tests");
    }

    @Test
    void aSignInLinkAsksBeforeItReplacesTheSession() {
        Page page = signedIn();
        page.navigate(system.admin().loginUrl(other.id()));
        PlaywrightAssertions.assertThat(page.locator("[role=alertdialog]")).isVisible();
        PlaywrightAssertions.assertThat(page.locator(".current-workspace")).hasText("Trust tests");
        assertThat(page.url()).doesNotContain("login");
        Browsers.screenshot(page, "switch-1280");
        page.click("button.stay");
        PlaywrightAssertions.assertThat(page.locator(".sidebar .workspace")).hasText("Trust tests");

        page.navigate(system.admin().loginUrl(other.id()));
        page.click("button.switch");
        PlaywrightAssertions.assertThat(page.locator(".sidebar .workspace")).hasText("Someone else");
    }

    @Test
    void namesThatHideControlsOrMixScriptsAreShownAsSuch() {
        String conv = "spoof-" + UUID.randomUUID();
        // "Support Bot" with a Cyrillic р, р and о; a subject whose end is turned around by U+202E.
        String event = """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Invoice \\u202Efdp.exe"},
                 "assistant":{"id":"spoof","name":"Su\\u0440\\u0440ort B\\u043et"},"startedAt":"%s","model":"claude-sonnet-4-5",
                 "usage":{"inputTokens":10,"outputTokens":2}}""".formatted(UUID.randomUUID(), conv, Instant.now());
        given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .body("{\"events\":[" + event + "]}").post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.query().baseUrl())
                .header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv).statusCode() == 200);
        Page page = signedIn();
        var row = page.locator("tr[data-conversation='" + conv + "']");
        PlaywrightAssertions.assertThat(row.locator("td[data-label='Subject']")).containsText("Invoice ⟦U+202E⟧fdp.exe");
        PlaywrightAssertions.assertThat(row.locator("td[data-label='Assistant'] .mixed-script")).hasText("mixed Latin/Cyrillic letters");
        assertThat(page.locator("select[name=assistant] option[value=spoof]").textContent()).contains("mixed Latin/Cyrillic letters");
        Browsers.screenshot(page, "names-1280");
        Page phone = signedIn(390);
        PlaywrightAssertions.assertThat(phone.locator("tr[data-conversation='" + conv + "'] .mixed-script")).isVisible();
        Browsers.screenshot(phone, "names-390");
        phone.navigate(system.admin().loginUrl(other.id()));
        PlaywrightAssertions.assertThat(phone.locator("[role=alertdialog]")).isVisible();
        Browsers.screenshot(phone, "switch-390");
        row.locator("td[data-label='Subject']").click();
        PlaywrightAssertions.assertThat(page.locator("h1")).containsText("⟦U+202E⟧");
    }
}
