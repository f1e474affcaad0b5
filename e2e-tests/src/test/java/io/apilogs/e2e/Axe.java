package io.apilogs.e2e;

import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** axe-core (the npm package of src/test/node, from its committed lock) run on a page as it is. */
final class Axe {
    private static String script;

    private Axe() {
    }

    private static synchronized String script() {
        if (script == null) {
            try {
                script = Files.readString(Path.of("src/test/node/node_modules/axe-core/axe.min.js"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    /** The page's violations: "rule (n nodes): first targets". */
    @SuppressWarnings("unchecked")
    static List<String> violations(Page page) {
        if (!(Boolean) page.evaluate("() => typeof window.axe !== 'undefined'")) {
            page.evaluate("() => { " + script() + "\n}");
        }
        return (List<String>) page.evaluate("""
                async () => (await axe.run(document)).violations.map(v => v.id + ' (' + v.nodes.length + ' nodes): '
                    + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.any[0] ? n.any[0].message : '')).join(' | '))""");
    }
}
