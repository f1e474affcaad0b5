package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 22, finding 4, on the stack ./apilogs up runs: a producer without the stack's credential cannot write to the
 * event log (once, ten lines of code injected events into any workspace), and the services answer on loopback only.
 */
@ExtendWith(SharedSystem.class)
class LockedDownIT {
    private static RunningSystem system;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
    }

    @Test
    void aProducerWithoutTheStacksCredentialWritesNothing() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", system.stack().bootstrapServers(), "max.block.ms", 3000,
                "delivery.timeout.ms", 3000, "request.timeout.ms", 2000);
        assertThatThrownBy(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("apilogs.events", "ws:conv", "{\"type\":\"llm_call\"}")).get(10, TimeUnit.SECONDS);
            }
        }).isInstanceOf(Exception.class);
        assertThat(system.stack().kafkaClientConfig()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void theServicesAnswerOnLoopbackOnly() throws Exception {
        InetAddress external = null;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && nic.isUp()) {
                    external = address;
                }
            }
        }
        assumeTrue(external != null, "this host has no address but loopback");
        for (int port : new int[] {system.query().port(), system.ingest().port()}) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            InetAddress other = external;
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, port), 2000);
                }
            }).as("port " + port + " on " + external).isInstanceOf(java.io.IOException.class);
        }
    }
}
