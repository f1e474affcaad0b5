package io.apilogs.ingest.rest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GzipTest {
    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void inflatesWithinTheBound() throws IOException {
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(Gzip.inflate(gzip(body), body.length)).isEqualTo(body);
    }

    @Test
    void aBombStopsAtTheBound() throws IOException {
        byte[] bomb = gzip(new byte[20 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(30_000);
        assertThatThrownBy(() -> Gzip.inflate(bomb, 1024 * 1024)).isInstanceOf(Gzip.TooLarge.class);
    }

    @Test
    void bytesThatAreNotGzipAreAnIoError() {
        assertThatThrownBy(() -> Gzip.inflate("{}".getBytes(StandardCharsets.UTF_8), 1000))
                .isInstanceOf(IOException.class).isNotInstanceOf(Gzip.TooLarge.class);
    }
}
