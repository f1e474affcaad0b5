package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * What the browser test classes share: one headless Chromium per class (started in its set-up), the tabs each test
 * opens (closed after it, failing it on a console error or a failed request, {@link Browsers#closeChecked}), and
 * one-time sign-in links. The classes run one after another, so the one browser field serves each in turn.
 */
abstract class BrowserTestBase {
    static Browsers browsers;
    final List<Browsers.Tab> tabs = new ArrayList<>();

    @AfterAll
    static void closeBrowsers() {
        if (browsers != null) {
            browsers.close();
            browsers = null;
        }
    }

    @AfterEach
    void closeTabs() {
        Browsers.closeChecked(tabs);
    }

    /** A one-time link that signs in to {@code workspaceId} and opens {@code query} ("?c=…", or empty for the activity log). */
    static String loginUrl(RunningSystem system, String workspaceId, String query) {
        return system.admin().loginUrl(workspaceId).replace("/?", query.isEmpty() ? "/?" : "/" + query + "&");
    }
}
