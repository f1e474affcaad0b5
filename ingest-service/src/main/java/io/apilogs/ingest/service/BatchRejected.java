package io.apilogs.ingest.service;

import io.apilogs.model.api.Problem;

/** The whole request is refused (400, 413, 429); nothing of it is accepted. */
public class BatchRejected extends RuntimeException {
    private final Problem problem;
    private final long retryAfterSeconds;

    public BatchRejected(Problem problem) {
        this(problem, 0);
    }

    public BatchRejected(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds to wait before retrying, or 0 when a retry of the same request cannot succeed. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }
}
