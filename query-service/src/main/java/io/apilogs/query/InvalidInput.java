package io.apilogs.query;

/**
 * A request parameter or body field with a bad value, found below the REST layer (parameters, cursors, prices). The
 * REST layer answers it as a 400 problem+json naming the field.
 */
public class InvalidInput extends RuntimeException {
    private final String field;
    private final String reason;

    public InvalidInput(String field, String reason) {
        super(field + " " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
