package dev.parley.ear;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * WildFly 39 (the {@code wildfly-dist} zip): a copy of {@code standalone/} under
 * {@code target/ear-smoke/wildfly} as server base directory, all socket bindings shifted by a port
 * offset (http 28080, management 29990 by default) and bound to loopback; the EAR is dropped into
 * {@code deployments/} before boot, and the scanner's {@code .deployed} / {@code .failed} marker
 * says when it is done (boot and deploy overlap: the boot step only launches the process).
 *
 * <p>Server configuration the EAR needs on WildFly 39 ({@code standalone-parley.xml}, derived from
 * {@code standalone.xml}; documented for operators, applied here):
 * <ul>
 * <li>{@code standalone.xml}, not {@code standalone-microprofile.xml}: in WildFly 39 the MicroProfile
 * profile has no {@code ejb3} and no {@code jsf} subsystem (the EJB jar's beans are not EJBs there and
 * the console fails with "ClassNotFoundException: jakarta.faces.webapp.FacesServlet").</li>
 * <li>plus the MicroProfile Fault Tolerance extension and subsystem
 * ({@code /extension=org.wildfly.extension.microprofile.fault-tolerance-smallrye:add},
 * {@code /subsystem=microprofile-fault-tolerance-smallrye:add}); MicroProfile Config is in
 * {@code standalone.xml} already.</li>
 * <li>{@code /subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi,value=false)}:
 * otherwise an agent authenticated by the application's Jakarta Security identity store is checked
 * again against Elytron's {@code ApplicationDomain} and the console answers 500 "ELY01177:
 * Authorization failed".</li>
 * </ul>
 */
final class WildFlyServer extends ManagedServer {

    private final Path home = Path.of(required("wildfly.home")).toAbsolutePath();
    private final int portOffset = intProperty("wildfly.port.offset", 20000);
    private final Path base = work.resolve("standalone");
    private final Path console = work.resolve("console.log");
    private Process process;

    WildFlyServer() {
        super("wildfly");
    }

    @Override
    void boot() {
        deleteRecursively(work);
        copyRecursively(home.resolve("standalone/configuration"), base.resolve("configuration"));
        try {
            Files.createDirectories(base.resolve("deployments"));
            Files.writeString(
                    base.resolve("configuration/standalone-parley.xml"),
                    configure(Files.readString(base.resolve("configuration/standalone.xml"))));
            // Deployed by the scanner during boot: one step, and the markers report the outcome.
            Files.copy(ear, base.resolve("deployments/parley.ear"));
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            home.resolve("bin/standalone.sh").toString(),
                            "-c",
                            "standalone-parley.xml",
                            "-Djboss.server.base.dir=" + base,
                            "-Djboss.socket.binding.port-offset=" + portOffset,
                            "-Djboss.bind.address=127.0.0.1",
                            "-Djboss.bind.address.management=127.0.0.1",
                            "-Djboss.bind.address.private=127.0.0.1"))
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().putAll(serverEnvironment());
            builder.environment()
                    .put(
                            "JAVA_OPTS",
                            "-Xms64m -Xmx768m -XX:MaxMetaspaceSize=512m"
                                    + " -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true");
            process = builder.start();
            track(process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void deploy() {
        Path deployed = base.resolve("deployments/parley.ear.deployed");
        Path failed = base.resolve("deployments/parley.ear.failed");
        try {
            await("parley.ear deployed on WildFly")
                    .atMost(BOOT_TIMEOUT.plus(DEPLOY_TIMEOUT))
                    .pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> Files.exists(deployed) || Files.exists(failed) || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            throw new IllegalStateException(timeout.getMessage() + "\n--- console\n" + tail(console, 60), timeout);
        }
        if (!Files.exists(deployed)) {
            String why = Files.exists(failed) ? readQuietly(failed) : "WildFly exited with " + process.exitValue();
            throw new IllegalStateException(
                    "WildFly did not deploy parley.ear: " + why + "\n--- console\n" + tail(console, 60));
        }
    }

    @Override
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + (8080 + portOffset));
    }

    /** SIGTERM (ManagedServer.kill) is WildFly's graceful shutdown; nothing else to do. */
    @Override
    void stop() {}

    static String configure(String xml) {
        xml = replaceOnce(
                xml,
                "<extensions>",
                "<extensions>\n        <extension module=\"org.wildfly.extension.microprofile.fault-tolerance-smallrye\"/>");
        int metrics = xml.indexOf("<subsystem xmlns=\"urn:wildfly:metrics:");
        int subsystems =
                metrics >= 0 ? metrics : xml.indexOf("<subsystem xmlns=\"urn:wildfly:microprofile-config-smallrye:");
        if (subsystems < 0) {
            throw new IllegalStateException("Server configuration changed: no metrics/microprofile-config subsystem");
        }
        xml = xml.substring(0, subsystems)
                + "<subsystem xmlns=\"urn:wildfly:microprofile-fault-tolerance-smallrye:1.0\"/>\n        "
                + xml.substring(subsystems);
        int undertow = xml.indexOf("<subsystem xmlns=\"urn:jboss:domain:undertow:");
        int domain = xml.indexOf(
                "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>", undertow);
        if (undertow < 0 || domain < 0) {
            throw new IllegalStateException("Server configuration changed: no undertow application-security-domain");
        }
        return xml.substring(0, domain)
                + "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\""
                + " integrated-jaspi=\"false\"/>"
                + xml.substring(domain
                        + "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>"
                                .length());
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable " + file + ")";
        }
    }
}
