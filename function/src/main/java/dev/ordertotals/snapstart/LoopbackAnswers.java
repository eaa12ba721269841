package dev.ordertotals.snapstart;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Priming's stand-in for DynamoDB on the loopback interface: answers each HTTP request with the next canned answer,
 * on kept-alive connections, until closed.
 *
 * <p>Why a socket rather than answering inside the SDK: the function's own HTTP client (the JDK's
 * {@code HttpURLConnection} under the SDK's url-connection client) is then primed too, its classes loaded and its
 * code compiled, where a client answering in memory leaves them for the first real batch (measured: about 20 ms of
 * a restored instance's first invoke). Nothing leaves the machine: the socket is bound to the loopback address
 * only, and closed (with every connection it accepted) before the snapshot.
 */
final class LoopbackAnswers implements AutoCloseable {

    private final ServerSocket server;
    private final List<CannedHttpClient.Canned> answers;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private LoopbackAnswers(ServerSocket server, List<CannedHttpClient.Canned> answers) {
        this.server = server;
        this.answers = List.copyOf(answers);
    }

    /** Listening on an ephemeral loopback port, answers taken in turn (cycling). */
    static LoopbackAnswers start(List<CannedHttpClient.Canned> answers) throws IOException {
        LoopbackAnswers loopback =
                new LoopbackAnswers(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), answers);
        Thread.ofPlatform().daemon().name("priming-loopback").start(loopback::accept);
        return loopback;
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        connections.forEach(LoopbackAnswers::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread.ofPlatform().daemon().name("priming-loopback-connection").start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            long contentLength;
            while ((contentLength = readHeaders(in)) >= 0) {
                in.skipNBytes(contentLength);
                out.write(response(answers.get(Math.floorMod(next.getAndIncrement(), answers.size()))));
                out.flush();
            }
        } catch (IOException | RuntimeException closed) {
            // the client or close() ended the connection
        } finally {
            connections.remove(connection);
        }
    }

    /** The request's Content-Length (0 without one), or -1 at the end of the connection. */
    private static long readHeaders(InputStream in) throws IOException {
        long contentLength = 0;
        boolean any = false;
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                continue;
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            if (line.isEmpty()) {
                return any ? contentLength : -1;
            }
            any = true;
            String header = line.toString().toLowerCase(Locale.ROOT);
            if (header.startsWith("content-length:")) {
                contentLength = Long.parseLong(
                        header.substring("content-length:".length()).strip());
            }
            line.setLength(0);
        }
        return -1;
    }

    private static byte[] response(CannedHttpClient.Canned canned) {
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + canned.status() + (canned.status() == 200 ? " OK" : " Bad Request") + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + (canned.errorType() == null ? "" : "x-amzn-ErrorType: " + canned.errorType() + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
