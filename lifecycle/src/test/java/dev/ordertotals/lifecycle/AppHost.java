package dev.ordertotals.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordertotals.infra.OrderTotalsApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * cdk.json's app ({@link OrderTotalsApp}) run for the CLI inside this JVM, so that every synthesis after the first
 * reuses a warm CDK runtime (jsii's Node.js process): about 1 s instead of about 13 s of CPU each. The CLI runs
 * {@link #command()} as its {@code --app}; that small client hands this host the environment the CLI gave it (the
 * output directory and the context: cdk.json's, {@code -c} values, all as the CLI encodes them) and waits. The host
 * builds the app from exactly that, as {@code new App()} would from its environment, and synthesizes it.
 */
final class AppHost implements AutoCloseable {

    private final Path projectRoot;
    private final HttpServer server;

    AppHost(Path projectRoot) throws IOException {
        this.projectRoot = projectRoot;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/synth", this::synth);
        server.start();
    }

    /** The {@code --app} command: this JVM's java running {@link AppHostClient} from the test classes. */
    String command() {
        try {
            Path classes = Path.of(AppHostClient.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return "\"" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "\" -Xshare:auto -XX:TieredStopAtLevel=1 -cp \"" + classes + "\" " + AppHostClient.class.getName()
                    + " http://127.0.0.1:" + server.getAddress().getPort() + "/synth";
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void synth(HttpExchange exchange) throws IOException {
        int status = 200;
        String answer = "";
        try {
            Properties environment = new Properties();
            environment.load(
                    new StringReader(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            synthesize(environment);
        } catch (RuntimeException | Error e) {
            status = 500;
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            answer = trace.toString();
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** One synthesis at a time: the CDK runtime is one Node.js process. */
    private synchronized void synthesize(Properties environment) {
        Map<String, Object> context = new LinkedHashMap<>(json(environment.getProperty("CDK_CONTEXT_JSON", "{}")));
        String overflow = environment.getProperty("CONTEXT_OVERFLOW_LOCATION_ENV");
        if (overflow != null) {
            try {
                context.putAll(json(Files.readString(Path.of(overflow))));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the context the CLI wrote to " + overflow, e);
            }
        }
        String outdir = environment.getProperty("CDK_OUTDIR");
        if (outdir == null) {
            throw new IllegalStateException("the CLI gave the app no CDK_OUTDIR");
        }
        long started = System.nanoTime();
        App app = new App(AppProps.builder().outdir(outdir).context(context).build());
        OrderTotalsApp.define(app, projectRoot);
        app.synth();
        System.out.printf(
                "lifecycle: the app synthesized %s in %.1f s%n",
                Path.of(outdir).getFileName(), (System.nanoTime() - started) / 1e9);
    }

    private static Map<String, Object> json(String text) {
        try {
            return Template.JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("the CLI's context is not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
