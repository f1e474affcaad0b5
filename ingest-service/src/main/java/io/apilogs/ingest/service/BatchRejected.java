package io.apilogs.ingest.service;

import io.apilogs.model.api.Problem;

/** The whole request is unusable (400); nothing of it is accepted. */
public class BatchRejected extends RuntimeException {
    private final Problem problem;

    public BatchRejected(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
