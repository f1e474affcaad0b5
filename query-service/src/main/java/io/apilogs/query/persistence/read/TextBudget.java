package io.apilogs.query.persistence.read;

/**
 * Memory for the stored texts a content search reads at once (issue 26): reserve before a read, release after it. The
 * service layer lends its detail budget (docs/deploy.md, Memory), which answers 503 when it is spent.
 */
public interface TextBudget {
    /** No bound: for tests. */
    TextBudget NONE = new TextBudget() {
        @Override
        public long reserve(long storedBytes) {
            return 0;
        }

        @Override
        public void release(long reserved) {
        }
    };

    /** Reserves for this many stored bytes and returns what to release, or throws the 503 to answer. */
    long reserve(long storedBytes);

    void release(long reserved);
}
