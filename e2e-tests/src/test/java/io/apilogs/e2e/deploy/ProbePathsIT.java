package io.apilogs.e2e.deploy;

import io.apilogs.e2e.SharedSystem;
import io.apilogs.e2e.SharedSystemAccess;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The probe paths the deploy files use, asked of the packaged services: each answers 200 on both. And the
 * operations endpoints answer on a running stack: /q/metrics (apilogs_* meters) and /q/openapi.
 */
@ExtendWith(SharedSystem.class)
class ProbePathsIT {
    private static RunningSystem system;

    @BeforeAll
    static void start() {
        system = SharedSystemAccess.system();
    }

    @Test
    void everyProbePathAnswersOnBothServices() {
        for (String base : new String[] {system.ingest().baseUrl(), system.query().baseUrl()}) {
            for (String path : Project.PROBES) {
                given().baseUri(base).get(path).then().statusCode(200).body("status", equalTo("UP"));
            }
        }
    }

    @Test
    void metricsAndOpenApiAnswerOnBothServices() {
        given().baseUri(system.ingest().baseUrl()).get("/q/metrics").then().statusCode(200)
                .body(containsString("apilogs_ingest_batch_size")).body(containsString("jvm_memory_used_bytes"));
        given().baseUri(system.query().baseUrl()).get("/q/metrics").then().statusCode(200)
                .body(containsString("apilogs_writer_events_written_total")).body(containsString("apilogs_live_subscribers"));
        given().baseUri(system.query().baseUrl()).get("/q/openapi").then().statusCode(200).body(containsString("/v1/conversations"));
        given().baseUri(system.ingest().baseUrl()).get("/q/openapi").then().statusCode(200).body(containsString("/v1/events"));
    }
}
