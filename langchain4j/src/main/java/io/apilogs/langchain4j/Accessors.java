package io.apilogs.langchain4j;

import java.lang.reflect.Method;

/**
 * Reads provider-specific getters (Anthropic's cache counts, OpenAI's token details, the raw HTTP response) by name,
 * so this module needs only langchain4j-core of LangChain4j and works with whichever provider modules the application has.
 */
final class Accessors {
    private Accessors() {
    }

    /** The value at the end of a chain of no-argument public getters, or null when one is missing or returns null. */
    static Object get(Object target, String... getters) {
        Object value = target;
        for (String getter : getters) {
            if (value == null) {
                return null;
            }
            try {
                Method method = value.getClass().getMethod(getter);
                value = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException absent) {
                return null;
            }
        }
        return value;
    }

    static Integer integer(Object target, String... getters) {
        return get(target, getters) instanceof Integer i ? i : null;
    }
}
