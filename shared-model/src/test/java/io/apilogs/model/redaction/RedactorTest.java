package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.apilogs.model.redaction.Redactor.REDACTED;
import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "X-Auth-Token", "password", "client_secret", "session_id", "X-Api-Key",
            "API_KEY", "x-amz-security-token", "X-Amz-Signature", "X-Amz-Credential", "passwd", "apikey", "ApiKey",
            "authorization", "cookie", "user.password", "key", "sort_key"})
    void secretNamesByApiMdSegments(String name) {
        assertThat(Redactor.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_tokens", "tokenizer", "keyboard", "author", "monkey", "authority", "tokens",
            "passwords", "sessions", "Content-Type", "", "maxTokens", "authorName", "keys"})
    void notSecretNames(String name) {
        assertThat(Redactor.isSecretName(name)).isFalse();
    }

    @Test
    void nullNameIsNotSecret() {
        assertThat(Redactor.isSecretName(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"apiKey", "accessToken", "refreshToken", "clientSecret", "sessionId", "xApiKey",
            "APIKey", "oauth2Token", "userPassword", "HTTPAuthToken"})
    void camelCaseNamesAreSplitToo(String name) {
        assertThat(Redactor.isSecretName(name)).isTrue();
    }

    @Test
    void headersKeepNamesOrderAndNonSecretValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("authorization", "Bearer sk-123");
        headers.put("Proxy-Authorization", "Basic abc");
        headers.put("COOKIE", "sid=1");
        headers.put("Set-Cookie", "sid=2; HttpOnly");
        headers.put("X-Api-Key", "k");
        headers.put("X-Auth-Token", "");
        headers.put("X-Request-Id", "r-1");
        headers.put("X-Absent-Secret-Token", null);

        Map<String, String> redacted = Redactor.redactHeaders(headers);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Content-Type", "application/json");
        expected.put("authorization", REDACTED);
        expected.put("Proxy-Authorization", REDACTED);
        expected.put("COOKIE", REDACTED);
        expected.put("Set-Cookie", REDACTED);
        expected.put("X-Api-Key", REDACTED);
        expected.put("X-Auth-Token", REDACTED);
        expected.put("X-Request-Id", "r-1");
        expected.put("X-Absent-Secret-Token", null);
        assertThat(redacted).containsExactlyEntriesOf(expected);
        assertThat(headers.get("authorization")).as("input untouched").isEqualTo("Bearer sk-123");
        assertThat(Redactor.redactHeaders(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://h/p?a=1&api_key=x#frag | https://h/p?a=1&api_key=[REDACTED]#frag",
            "https://h/p?token=a&q=x%20y&token=b | https://h/p?token=[REDACTED]&q=x%20y&token=[REDACTED]",
            "https://h/p?flag&api_key&x= | https://h/p?flag&api_key&x=",
            "https://h/p?api_key= | https://h/p?api_key=[REDACTED]",
            "https://h/p?api%5Fkey=s&q=%E2%9C%93 | https://h/p?api%5Fkey=[REDACTED]&q=%E2%9C%93",
            "https://h/p?q=%ZZ&secret%=s&%zzapi_key=s | https://h/p?q=%ZZ&secret%=[REDACTED]&%zzapi_key=[REDACTED]",
            "https://h/p?max_tokens=5&tokenizer=t | https://h/p?max_tokens=5&tokenizer=t",
            "https://h/p?a==b&&password=p=q& | https://h/p?a==b&&password=[REDACTED]&",
            "https://user:pass@host/p?x=1 | https://user:[REDACTED]@host/p?x=1",
            "https://user:p@ss@host:8443/ | https://user:[REDACTED]@host:8443/",
            "https://user@host:8443/ | https://user@host:8443/",
            "https://host:8443/a@b | https://host:8443/a@b",
            "//u:p@host/x | //u:[REDACTED]@host/x",
            "/relative/path?apiKey=1 | /relative/path?apiKey=[REDACTED]",
            "https://app/cb#access_token=abc&state=s | https://app/cb#access_token=[REDACTED]&state=s",
            "https://h/p?signature=abc&X-Amz-Credential=c | https://h/p?signature=[REDACTED]&X-Amz-Credential=[REDACTED]",
            "not a url at all | not a url at all",
    })
    void urlsKeepEverythingButSecrets(String url, String expected) {
        assertThat(Redactor.redactUrl(url)).isEqualTo(expected);
    }

    @Test
    void urlEdgeCases() {
        assertThat(Redactor.redactUrl(null)).isNull();
        assertThat(Redactor.redactUrl("")).isEmpty();
        assertThat(Redactor.redactUrl("https://h/?")).isEqualTo("https://h/?");
        assertThat(Redactor.redactUrl("https://h/#")).isEqualTo("https://h/#");
        assertThat(Redactor.redactUrl("https://h/p?q=a+b&x=%")).isEqualTo("https://h/p?q=a+b&x=%");
    }

    @Test
    void jsonFieldsWithSecretNamesAreReplacedWhateverTheirType() throws Exception {
        JsonNode body = json("""
                {"model":"m","max_tokens":5,"api_key":"sk-1","auth":{"user":"u","pass":"p"},
                 "items":[{"accessToken":123},{"name":"x","session":null},[{"password":[1,2]}]],
                 "price":1.10}""");

        JsonNode redacted = Redactor.redactJson(body);

        assertThat(redacted).isEqualTo(json("""
                {"model":"m","max_tokens":5,"api_key":"[REDACTED]","auth":"[REDACTED]",
                 "items":[{"accessToken":"[REDACTED]"},{"name":"x","session":"[REDACTED]"},[{"password":"[REDACTED]"}]],
                 "price":1.10}"""));
        assertThat(body.get("api_key").asText()).as("input untouched").isEqualTo("sk-1");
        assertThat(Redactor.redactJson(null)).isNull();
        assertThat(Redactor.redactJson(json("\"api_key\""))).isEqualTo(json("\"api_key\""));
    }

    @Test
    void jsonBodyTextIsRedactedAndCompacted() {
        String body = "{ \"user\": \"u\",\n  \"password\": \"hunter2\", \"n\": 1.50, \"big\": 12345678901234567890 }";
        assertThat(Redactor.redactBodyText(body, "application/json; charset=UTF-8"))
                .isEqualTo("{\"user\":\"u\",\"password\":\"[REDACTED]\",\"n\":1.50,\"big\":12345678901234567890}");
        assertThat(Redactor.redactBodyText("[{\"token\":\"t\"}]", "application/vnd.api+json"))
                .isEqualTo("[{\"token\":\"[REDACTED]\"}]");
    }

    @Test
    void jsonIsDetectedWithoutContentType() {
        assertThat(Redactor.redactBodyText(" {\"secret\": 1} ", null)).isEqualTo("{\"secret\":\"[REDACTED]\"}");
        assertThat(Redactor.redactBodyText("[{\"key\":1}]", "  ")).isEqualTo("[{\"key\":\"[REDACTED]\"}]");
    }

    @Test
    void formBodiesKeepEveryOtherByte() {
        String body = "grant_type=client_credentials&client_id=abc&client_secret=s%2B3&scope=a+b";
        String expected = "grant_type=client_credentials&client_id=abc&client_secret=[REDACTED]&scope=a+b";
        assertThat(Redactor.redactBodyText(body, "application/x-www-form-urlencoded")).isEqualTo(expected);
        assertThat(Redactor.redactBodyText(body, "Application/X-WWW-Form-Urlencoded;charset=utf-8")).isEqualTo(expected);
        assertThat(Redactor.redactBodyText(body, null)).as("detected without content type").isEqualTo(expected);
    }

    @Test
    void invalidJsonWithJsonContentTypeFallsBackWithoutThrowing() {
        assertThat(Redactor.redactBodyText("{\"password\": \"p\"", "application/json")).isEqualTo("{\"password\": \"[REDACTED]\"");
        assertThat(Redactor.redactBodyText("password=p&x=1", "application/json")).isEqualTo("password=[REDACTED]&x=1");
        assertThat(Redactor.redactBodyText("", "application/json")).isEmpty();
        assertThat(Redactor.redactBodyText("{} trailing", "application/json")).isEqualTo("{} trailing");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(Redactor.redactBodyText(deep, "application/json")).isEqualTo(deep);
    }

    @Test
    void otherBodiesLoseOnlyTheValuesOfSecretNames() {
        assertThat(Redactor.redactBodyText("password=p", "text/plain")).isEqualTo("password=[REDACTED]");
        assertThat(Redactor.redactBodyText("Hello, my password=p is here", null)).isEqualTo("Hello, my password=[REDACTED] is here");
        assertThat(Redactor.redactBodyText("{\"password\":1}", "text/html")).isEqualTo("{\"password\":[REDACTED]}");
        assertThat(Redactor.redactBodyText("max_tokens=5, model: gpt", "text/plain")).isEqualTo("max_tokens=5, model: gpt");
        assertThat(Redactor.redactBodyText("plain", null)).isEqualTo("plain");
        assertThat(Redactor.redactBodyText(null, "application/json")).isNull();
    }
}
