package io.apilogs.query.view;

/** A token that opens this workspace's streams (?streamToken=) for 60 s, and nothing else. */
public record StreamToken(String token, String expiresAt) {
}
