package org.vigie.ingest.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A leaner load generator for the benchmarks (the default of {@link PlatformIngestBenchmark},
 * {@code -Dbench.client=minimal} for {@link IngestBenchmark}: 0.2–0.5 µs of CPU per event against the JDK
 * HttpClient's 2.5 on the local platform): one keep-alive HTTP/1.1 connection that posts prepared bodies and reads each
 * answer whole (status, headers, a Content-Length or chunked body). It does nothing a device's HTTP client would not
 * do on the wire, and almost nothing else, so the generator's CPU, which shares the two cores with the service and
 * the broker, is small against the service's, as ProducerPerformance's generator is against Kafka's client. (The JDK
 * HttpClient's threads took about a fifth as many profile samples as the whole request handling.)
 */
final class KeepAlivePoster implements AutoCloseable {

    /** One answer: status and body. */
    record Answer(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head;

    KeepAlivePoster(URI target) throws IOException {
        this.socket = new Socket(target.getHost(), target.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts one body as the device whose bearer token is given. */
    Answer post(byte[] body, String token) throws IOException {
        out.write(head);
        out.write((token + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                answer.write(in.readNBytes((int) size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            answer.write(in.readNBytes((int) length));
        } else {
            throw new IOException("an answer without a length on a keep-alive connection");
        }
        return new Answer(code, answer.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
