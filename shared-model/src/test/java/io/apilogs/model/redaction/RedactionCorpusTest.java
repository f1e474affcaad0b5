package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every placement issue 22 (finding 5) found stored verbatim, each with what it is stored as now. */
class RedactionCorpusTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String R = Redactor.REDACTED;

    @ParameterizedTest
    @ValueSource(strings = {"xapikey", "authorisation", "X\u2010Api\u2010Key", "accesskey", "secretkey", "privatekey", "passphrase",
            "pwd", "pass", "creds", "bearer", "jwt", "refresh", "sig", "api_key[]", "jsessionid", "AWS_SECRET_ACCESS_KEY",
            "X-Authorisation", "MyAccessKey", "db_pwd"})
    void moreSecretNames(String name) {
        assertThat(Redactor.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status_code", "country_code", "pass_rate", "refresh_interval", "max_tokens", "authority", "passwords",
            "codec", "signal", "bypass", "error_code", "zip", "code"})
    void stillNotSecret(String name) {
        assertThat(Redactor.isSecretName(name)).isFalse();
    }

    @Test
    void headersByNameByBearerAndByTheUrlTheyHold() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", "https://app.example/cb?code=4/0AbCdEf&token=t0k&state=s");
        headers.put("X-Forwarded-Auth-Value", "Bearer 9f8e7d6c5b4a39281706");
        headers.put("X-Custom", "Bearer abc.DEF-123_xyz");
        headers.put("xapikey", "k1");
        headers.put("authorisation", "k2");
        headers.put("X\u2010Api\u2010Key", "k3");
        headers.put("Link", "<https://api.example/items?page=2&access_token=abc123>; rel=\"next\"");
        headers.put("Cache-Control", "max-age=60, private");
        assertThat(Redactor.redactHeaders(headers)).containsExactly(
                Map.entry("Location", "https://app.example/cb?code=" + R + "&token=" + R + "&state=s"),
                Map.entry("X-Forwarded-Auth-Value", R),
                Map.entry("X-Custom", "Bearer " + R),
                Map.entry("xapikey", R),
                Map.entry("authorisation", R),
                Map.entry("X\u2010Api\u2010Key", R),
                Map.entry("Link", "<https://api.example/items?page=2&access_token=" + R + ">; rel=\"next\""),
                Map.entry("Cache-Control", "max-age=60, private"));
    }

    @Test
    void codeIsSecretAsAUrlOrFormParameterOnly() {
        assertThat(Redactor.redactUrl("https://app/cb?code=abc&state=s#code=x")).isEqualTo("https://app/cb?code=" + R + "&state=s#code=" + R);
        assertThat(Redactor.redactBodyText("grant_type=authorization_code&code=abc", "application/x-www-form-urlencoded"))
                .isEqualTo("grant_type=authorization_code&code=" + R);
        assertThat(Redactor.redactBodyText("{\"error\":{\"code\":\"rate_limit_exceeded\"}}", "application/json"))
                .isEqualTo("{\"error\":{\"code\":\"rate_limit_exceeded\"}}");
        assertThat(Redactor.redactText("error code: 42")).isEqualTo("error code: 42");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://acct.blob.core.windows.net/c/b?sv=2022&sig=AbC%2Bd%3D | https://acct.blob.core.windows.net/c/b?sv=2022&sig=" + R,
            "https://s3.example/o?accesskey=AK1&x=1 | https://s3.example/o?accesskey=" + R + "&x=1",
            "https://h/p?api_key[]=a&api_key[]=b | https://h/p?api_key[]=" + R + "&api_key[]=" + R,
            "https://h/app;jsessionid=1A2B3C4D?x=1 | https://h/app;jsessionid=" + R + "?x=1",
            "https://h/a;v=1;jsessionid=Z9/b | https://h/a;v=1;jsessionid=" + R + "/b",
            "https://a1b2c3d4e5f6g7h8i9j0@github.com/o/r.git | https://" + R + "@github.com/o/r.git",
            "https://alice@github.com/o/r.git | https://alice@github.com/o/r.git",
            "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx | https://hooks.slack.com/services/" + R,
            "https://discord.com/api/webhooks/123456/abcDEF_ghi | https://discord.com/api/webhooks/123456/" + R,
    })
    void urls(String url, String expected) {
        assertThat(Redactor.redactUrl(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "text/plain | password: hunter2 | password: " + R,
            "text/plain | Authorization: Bearer abc.def123 | Authorization: Bearer " + R,
            "text/plain | AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | AWS_SECRET_ACCESS_KEY=" + R,
            "application/xml | <user>bob</user><password>hunter2</password> | <user>bob</user><password>" + R + "</password>",
            "application/xml | <creds type=\"basic\">dXNlcjpwYXNz</creds> | <creds type=\"basic\">" + R + "</creds>",
            "application/json | {\"password\": \"p w\", | {\"password\": \"" + R + "\",",
            "text/plain | db: postgres://app:S3cret!@db:5432/app | db: postgres://app:" + R + "@db:5432/app",
            "text/plain | Server=db;User Id=sa;Password=Secr3t!;Encrypt=true | Server=db;User Id=sa;Password=" + R + ";Encrypt=true",
            "text/plain | `api_key = 'abc 123'` | `api_key = '" + R + "'`",
    })
    void textBodies(String type, String body, String expected) {
        assertThat(Redactor.redactBodyText(body, type)).isEqualTo(expected);
    }

    @Test
    void multipartFieldsByName() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nbob\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n--b--\r\n";
        assertThat(Redactor.redactBodyText(body, "multipart/form-data; boundary=b"))
                .isEqualTo(body.replace("hunter2", R));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ya29.a0AfH6SMBxYz-1234567890abcdefghij",
            "glpat-abcdefghij0123456789",
            "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            "npm_abcdefghijklmnopqrstuvwxyz0123456789"})
    void moreShapesWhereverTheyStand(String token) {
        assertThat(Redactor.redactContent("use " + token + " now")).isEqualTo("use " + R + " now");
        assertThat(Redactor.redactText("x=" + token)).isEqualTo("x=" + R);
    }

    @Test
    void pemPrivateKeysAndBearerCredentialsInContent() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1\nabc\n-----END RSA PRIVATE KEY-----";
        assertThat(Redactor.redactContent("key:\n" + pem + "\ndone")).isEqualTo("key:\n" + R + "\ndone");
        assertThat(Redactor.redactContent("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk")).isEqualTo(R);
        assertThat(Redactor.redactContent("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"))
                .as("a public key is no secret").startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Redactor.redactContent("curl -H 'Authorization: Bearer sometoken123'")).isEqualTo("curl -H 'Authorization: Bearer " + R + "'");
        assertThat(Redactor.redactContent("We use Basic authentication and password = input()"))
                .as("content is not judged by names, and words are no credentials")
                .isEqualTo("We use Basic authentication and password = input()");
        assertThat(Redactor.redactContent("see https://u:pw@h/x?token=abc")).isEqualTo("see https://u:" + R + "@h/x?token=" + R);
    }

    @Test
    void otlpAttributesHoldingUrlsAndConnectionStrings() throws Exception {
        JsonNode attributes = MAPPER.readTree("""
                {"url.full":"https://api.example/v1?token=abc&x=1","url.query":"a=1&api_key=z",
                 "db.connection_string":"Server=db;Database=app;Password=pw1;","db.system":"postgresql"}""");
        assertThat(Redactor.redactAttributes(attributes)).isEqualTo(MAPPER.readTree("""
                {"url.full":"https://api.example/v1?token=[REDACTED]&x=1","url.query":"a=1&api_key=[REDACTED]",
                 "db.connection_string":"Server=db;Database=app;Password=[REDACTED];","db.system":"postgresql"}"""));
    }

    @Test
    void jsonKeysNamedSo() throws Exception {
        JsonNode body = MAPPER.readTree("""
                {"accesskey":"a","secretkey":"b","privatekey":"c","passphrase":"d","pwd":"e","pass":"f","creds":"g",
                 "bearer":"h","jwt":"i","refresh":"j","code":"k","status_code":200,"pass_rate":0.5}""");
        JsonNode redacted = Redactor.redactJson(body);
        body.fieldNames().forEachRemaining(name -> {
            // "code" in JSON is an error code (OpenAI's {"error":{"code":"invalid_api_key"}}); only ?code= is OAuth's.
            boolean kept = name.equals("status_code") || name.equals("pass_rate") || name.equals("code");
            assertThat(redacted.get(name).asText()).as(name).isEqualTo(kept ? body.get(name).asText() : R);
        });
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String text = "password: hunter2 Bearer abc123def https://u:p@h/?token=x <pwd>s</pwd> sk-proj-abcdefghijklmnop1234567890";
        String once = Redactor.redactText(text);
        assertThat(Redactor.redactText(once)).isEqualTo(once);
        assertThat(once).doesNotContain("hunter2", "abc123def", "token=x", ">s<", "sk-proj");
    }
}
