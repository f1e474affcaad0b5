package io.apilogs.model;

import java.util.regex.Pattern;

/** The one id rule of API.md: 1-128 characters from {@code [A-Za-z0-9._:-]}, case-sensitive. */
public final class Ids {
    public static final int MAX_LENGTH = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");
    public static final String RULE = "must be 1-128 characters from [A-Za-z0-9._:-]";

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
