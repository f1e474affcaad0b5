package io.apilogs.query.security;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One key holds at most N live streams per replica (here 2); a stream that ends gives its place back. */
@QuarkusTest
@TestProfile(TightLimits.class)
@QuarkusTestResource(LocalStackTestResource.class)
class StreamQuotaTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL baseUrl;

    private HttpResponse<InputStream> open(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aKeyOverItsStreamsGets429UntilOneCloses() throws Exception {
        String base = baseUrl.toString().replaceAll("/$", "");
        AdminClient admin = new AdminClient(base, LocalStackTestResource.ADMIN_TOKEN);
        AdminClient.Workspace ws = admin.createWorkspace("quota");
        HttpResponse<InputStream> first = open("/v1/activity/stream", ws.readKey());
        HttpResponse<InputStream> second = open("/v1/conversations/c-1/timeline/stream", ws.readKey());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);

        HttpResponse<InputStream> third = open("/v1/activity/stream", ws.readKey());
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(new String(third.body().readAllBytes())).contains("live streams open");

        String token = given().baseUri(base).header("Authorization", "Bearer " + ws.readKey()).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        assertThat(open("/v1/activity/stream?streamToken=" + token, null).statusCode()).as("a token counts against its key").isEqualTo(429);
        HttpResponse<InputStream> otherKey = open("/v1/activity/stream", admin.createKey(ws.id(), "read"));
        assertThat(otherKey.statusCode()).isEqualTo(200);
        otherKey.body().close();

        first.body().close();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<InputStream> again = open("/v1/activity/stream", ws.readKey());
            again.body().close();
            return again.statusCode() == 200;
        });
        second.body().close();
    }
}
