package dev.llmf.grader.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand on a socket, for requests a well-behaved client refuses to send: an address that is not
 * a valid URI, a body shorter than its Content-Length, headers that stop half-way.
 */
public final class RawHttp {

    /** What came back, and whether the server closed the connection (rather than the wait running out). */
    public record Reply(String text, boolean closed, Duration took) {
        public int status() {
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        public String header(String name) {
            for (String line : text.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        public String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as it is and reads until the server closes the connection or {@code wait} passes. */
    public static Reply send(int port, String request, Duration wait) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            long deadline = start + wait.toNanos();
            boolean closed = false;
            byte[] buffer = new byte[8192];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    closed = true;        // reset by the server
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                got.write(buffer, 0, n);
            }
            return new Reply(got.toString(StandardCharsets.UTF_8), closed, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
