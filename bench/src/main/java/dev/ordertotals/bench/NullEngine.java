package dev.ordertotals.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A DynamoDB endpoint that takes the engine out of the measurement: it answers every request at once with success
 * and an empty result ({@code {}}), which is all the function's happy path (TransactWriteItems) and the source's
 * handler (UpdateItem) read back. Both sides are measured against it in one run, so what remains is each one's own
 * cost: building, signing and sending requests, reading answers, and the aggregation itself.
 *
 * <p>Plain sockets rather than the JDK's HTTP server, so that nothing of the endpoint's own shows in the figures: each
 * answer leaves in one write, with Nagle's algorithm off ({@code TCP_NODELAY}). An answer written as two segments
 * (headers, then body) waits for the client to acknowledge the first, and a client that delays its acknowledgements
 * would then be charged for the endpoint's way of writing.
 *
 * <pre>NullEngine PORT_FILE</pre> writes the port it listens on (loopback) to PORT_FILE and serves until killed.
 */
public final class NullEngine {

    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\n"
                    + "x-amzn-RequestId: null-engine\r\n"
                    + "Content-Length: 2\r\n"
                    + "\r\n"
                    + "{}")
            .getBytes(StandardCharsets.US_ASCII);

    private NullEngine() {}

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Files.writeString(Path.of(args[0]), String.valueOf(server.getLocalPort()));
        while (true) {
            Socket connection = server.accept();
            Thread.ofPlatform().daemon().start(() -> serve(connection));
        }
    }

    /** Answers each request on a kept-alive connection until the client closes it. */
    private static void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                long contentLength = -1;
                String line;
                boolean any = false;
                while (!(line = readLine(in)).isEmpty()) {
                    any = true;
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = Long.parseLong(
                                lower.substring("content-length:".length()).trim());
                    }
                }
                if (!any) {
                    return; // closed
                }
                in.skipNBytes(Math.max(0, contentLength));
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException | RuntimeException closed) {
            // the client went away
        }
    }

    /** One header line without its CRLF; empty at the blank line that ends the headers, or at the end of input. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
