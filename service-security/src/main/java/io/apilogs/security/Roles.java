package io.apilogs.security;

/** The roles an identity can hold. A key grants exactly the role of its scope; the operator token grants OPERATOR. */
public final class Roles {
    public static final String INGEST = "ingest";
    public static final String READ = "read";
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    /** A short-lived stream token: it opens the two stream routes and nothing else. */
    public static final String STREAM = "stream";

    private Roles() {
    }
}
