package io.apilogs.query.admin;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Administration bodies are checked field by field and answered as problem+json with paths. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AdminValidationTest {
    @TestHTTPResource("/")
    URL baseUrl;

    private RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + LocalStackTestResource.ADMIN_TOKEN).contentType("application/json");
    }

    @Test
    void workspaceAndKeyBodies() {
        operator().body("{}").post("/v1/admin/workspaces").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name"));
        operator().body("{\"name\":\"" + "x".repeat(201) + "\"}").post("/v1/admin/workspaces").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        operator().body("{\"name\":\"a\",\"name\":\"b\"}").post("/v1/admin/workspaces").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        operator().body("[1,2]").post("/v1/admin/workspaces").then().statusCode(400).contentType("application/problem+json");
        operator().body("{\"name\":").post("/v1/admin/workspaces").then().statusCode(400).contentType("application/problem+json");
        String id = operator().body("{\"name\":\"valid\"}").post("/v1/admin/workspaces").then().statusCode(201)
                .body("name", equalTo("valid")).extract().path("id");
        operator().body("{\"scope\":\"root\"}").post("/v1/admin/workspaces/" + id + "/keys").then().statusCode(400)
                .body("errors[0].field", equalTo("scope")).body("errors[0].message", equalTo("must be one of ingest, read, admin"));
        operator().post("/v1/admin/workspaces/" + id + "/keys").then().statusCode(400).contentType("application/problem+json");
        operator().body("{\"scope\":\"read\"}").post("/v1/admin/workspaces/ws_nope/keys").then().statusCode(404);
        operator().body("{\"scope\":\"read\",\"name\":\"r\"}").post("/v1/admin/workspaces/" + id + "/keys").then().statusCode(201)
                .body("scope", equalTo("read"));
    }

    @Test
    void priceBodies() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("validation");
        RequestSpecification admin = given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json");
        admin.body("{\"inputPerMTok\":-1}").put("/v1/admin/prices/m-val").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("inputPerMTok", "outputPerMTok"));
        given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"inputPerMTok\":\"abc\",\"outputPerMTok\":1}").put("/v1/admin/prices/m-val").then().statusCode(400)
                .body("errors[0].field", equalTo("inputPerMTok"));
        given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"inputPerMTok\":1,\"outputPerMTok\":1,\"aliases\":[\"ok\",\"\"]}").put("/v1/admin/prices/m-val").then()
                .statusCode(400).body("errors[0].field", equalTo("aliases[1]"));
        given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"inputPerMTok\":1,\"outputPerMTok\":2,\"minInputTokens\":-5}").put("/v1/admin/prices/m-val").then()
                .statusCode(400).body("errors[0].field", equalTo("minInputTokens"));
        given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"inputPerMTok\":1e15,\"outputPerMTok\":2}").put("/v1/admin/prices/m-val").then()
                .statusCode(400).body("errors[0].field", equalTo("inputPerMTok"));
        given().header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"inputPerMTok\":1.25,\"outputPerMTok\":2,\"aliases\":[\"m-val-alias\"]}").put("/v1/admin/prices/m-val").then()
                .statusCode(200).body("model", equalTo("m-val")).body("source", equalTo("workspace"));
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/pricing").then().statusCode(200)
                .body("items.model", hasItem("m-val"));
    }
}
