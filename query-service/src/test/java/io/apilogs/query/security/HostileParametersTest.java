package io.apilogs.query.security;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issue 22, finding 6: parameters PostgreSQL or Java would read wrongly are refused with 400 before any SQL runs. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class HostileParametersTest {
    @TestHTTPResource("/")
    URL baseUrl;

    private AdminClient.Workspace workspace() {
        return new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN).createWorkspace("hostile");
    }

    @Test
    void aNulInAPathIdOrAParameterIs400NotA500() {
        AdminClient.Workspace ws = workspace();
        for (String path : new String[] {"/v1/calls/a%00b", "/v1/conversations?q=a%00b", "/v1/conversations/a%00b/timeline",
                "/v1/conversations?assistant=%00"}) {
            given().urlEncodingEnabled(false).header("Authorization", "Bearer " + ws.readKey()).get(path).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("NUL"));
        }
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + LocalStackTestResource.ADMIN_TOKEN)
                .contentType("application/json").body("{}").put("/v1/admin/prices/a%00b").then().statusCode(400);
        // %2500 is the text "%00", not a NUL: an ordinary (unknown) id.
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/a%2500b").then()
                .statusCode(org.hamcrest.Matchers.oneOf(400, 404));
    }

    @Test
    void aTimeZoneIsAnIanaNameThatJavaAndPostgresReadAlike() {
        AdminClient.Workspace ws = workspace();
        for (String tz : new String[] {"GMT+14", "+14:00", "UTC+14", "Z", "Mars/Olympus"}) {
            given().header("Authorization", "Bearer " + ws.readKey()).queryParam("tz", tz).get("/v1/conversations").then()
                    .statusCode(400).body("errors[0].field", equalTo("tz"));
        }
        for (String tz : new String[] {"Etc/GMT-14", "Pacific/Kiritimati", "UTC", "Europe/Paris"}) {
            given().header("Authorization", "Bearer " + ws.readKey()).queryParam("tz", tz).get("/v1/conversations").then().statusCode(200);
        }
    }
}
