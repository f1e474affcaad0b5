package io.apilogs.model.event;

/** The end user an assistant serves (issue 25): not our API key's owner, but the assistant's own customer. */
public record UserRef(String id, String name) {
}
