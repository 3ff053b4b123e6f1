package dev.parley.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Payara Server 6 (the {@code payara} distribution zip): a copy of {@code domain1} under
 * {@code target/ear-smoke/payara}, moved to loopback and to ports that do not collide with a
 * default Payara (Micro) on the same machine, started with {@code asadmin start-domain}, the EAR
 * deployed with {@code asadmin deploy}.
 *
 * <p>Server configuration the EAR needs on Payara (documented for operators, applied here):
 * <ul>
 * <li>JVM option {@code -Dhibernate.transaction.jta.platform=org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform}:
 * Hibernate 6.6 bundled in the EAR does not detect Payara's transaction manager ("HHH000489: No JTA
 * platform available") and the deployment then fails with "Unable to determine Dialect without JDBC
 * metadata". As a system property it reaches Hibernate on Payara only; WildFly uses its own Hibernate
 * and JTA platform.</li>
 * </ul>
 * Only for this test: Hazelcast (the Data Grid) on loopback, the unused embedded JMS broker disabled.
 */
final class PayaraServer extends ManagedServer {

    static final String JTA_PLATFORM = "org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform";

    private final Path home = Path.of(required("payara.home")).toAbsolutePath();
    private final int httpPort = intProperty("payara.http.port", 18080);
    private final int adminPort = intProperty("payara.admin.port", 14848);
    private final Path domains = work.resolve("domains");
    private final Path log = work.resolve("asadmin.log");

    PayaraServer() {
        super("payara");
    }

    @Override
    void boot() {
        deleteRecursively(work);
        copyRecursively(home.resolve("glassfish/domains/domain1"), domains.resolve("domain1"));
        configure(domains.resolve("domain1/config/domain.xml"));
        try {
            run(
                    BOOT_TIMEOUT,
                    log,
                    asadminEnvironment(),
                    asadmin(),
                    "--interactive=false",
                    "start-domain",
                    "--domaindir",
                    domains.toString(),
                    "domain1");
        } catch (RuntimeException failure) {
            throw new IllegalStateException(
                    failure.getMessage() + "\n--- server.log\n" + tail(serverLog(), 60), failure);
        } finally {
            trackServerProcess();
        }
    }

    @Override
    void deploy() {
        try {
            run(
                    DEPLOY_TIMEOUT,
                    log,
                    asadminEnvironment(),
                    asadmin(),
                    "--interactive=false",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(adminPort),
                    "deploy",
                    "--name",
                    "parley",
                    ear.toString());
        } catch (RuntimeException failure) {
            throw new IllegalStateException(
                    failure.getMessage() + "\n--- server.log\n" + tail(serverLog(), 80), failure);
        }
    }

    @Override
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    void stop() {
        trackServerProcess();
        if (Files.exists(domains.resolve("domain1/config/pid"))) {
            run(
                    Duration.ofSeconds(90),
                    log,
                    asadminEnvironment(),
                    asadmin(),
                    "--interactive=false",
                    "stop-domain",
                    "--domaindir",
                    domains.toString(),
                    "domain1");
        }
    }

    Path serverLog() {
        return domains.resolve("domain1/logs/server.log");
    }

    private String asadmin() {
        return home.resolve("bin/asadmin").toString();
    }

    private Map<String, String> asadminEnvironment() {
        Map<String, String> env = new HashMap<>(serverEnvironment());
        env.put("AS_JAVA", System.getProperty("java.home"));
        return env;
    }

    /** The DAS runs detached from asadmin; its pid file says which process to stop if all else fails. */
    private void trackServerProcess() {
        Path pid = domains.resolve("domain1/config/pid");
        try {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(this::track);
            }
        } catch (IOException | NumberFormatException unreadable) {
            System.out.println("[ear-smoke] payara: cannot read " + pid + ": " + unreadable);
        }
    }

    private void configure(Path domainXml) {
        try {
            String xml = Files.readString(domainXml);
            // Ports: http 8080, https 8181, admin 4848, IIOP 3700/3820/3920, JMX 8686, JMS 7676, debug 9009,
            // OSGi shell 6666, Hazelcast 5900/4900 -> distinct ones; every listener on loopback.
            xml = replaceOnce(xml, "port=\"8080\"", "port=\"" + httpPort + "\"");
            xml = replaceOnce(xml, "port=\"8181\"", "port=\"" + (httpPort + 101) + "\"");
            xml = replaceOnce(xml, "port=\"4848\"", "port=\"" + adminPort + "\"");
            xml = replaceOnce(xml, "port=\"3700\"", "port=\"" + (adminPort - 1148) + "\"");
            xml = replaceOnce(xml, "port=\"3820\"", "port=\"" + (adminPort - 1028) + "\"");
            xml = replaceOnce(xml, "port=\"3920\"", "port=\"" + (adminPort - 928) + "\"");
            xml = replaceOnce(xml, "port=\"8686\"", "port=\"" + (httpPort + 606) + "\"");
            xml = replaceOnce(xml, "value=\"7676\"", "value=\"" + (httpPort - 404) + "\"");
            xml = replaceOnce(xml, "address=9009", "address=" + (httpPort + 929));
            xml = replaceOnce(xml, "telnet.port=6666", "telnet.port=" + (httpPort - 1414));
            xml = replaceOnce(
                    xml,
                    "start-port=\"5900\" das-port=\"4900\"",
                    "start-port=\"" + (adminPort + 1052) + "\" das-port=\"" + (adminPort + 52)
                            + "\" interface=\"127.0.0.1\" das-bind-address=\"127.0.0.1\"");
            xml = xml.replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"");
            xml = xml.replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=");
            // The application uses no JMS; the embedded broker's proxy would listen on all interfaces.
            // (server-config has no jms-service element in the template: it defaults to EMBEDDED.)
            xml = replaceOnce(
                    xml,
                    "</config>",
                    "    <jms-service type=\"DISABLED\" default-jms-host=\"default_JMS_host\">"
                            + "<jms-host name=\"default_JMS_host\" host=\"127.0.0.1\" port=\"${JMS_PROVIDER_PORT}\" lazy-init=\"true\"/>"
                            + "</jms-service>\n        </config>");
            // JVM options of server-config (the first java-config in domain.xml).
            int javaConfig = xml.indexOf("<java-config");
            int firstOption = xml.indexOf("<jvm-options>", javaConfig);
            if (javaConfig < 0 || firstOption < 0) {
                throw new IllegalStateException("Server configuration changed: no java-config in " + domainXml);
            }
            String options = "<jvm-options>-Dhibernate.transaction.jta.platform=" + JTA_PLATFORM + "</jvm-options>\n"
                    + "                <jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options>\n                ";
            xml = xml.substring(0, firstOption) + options + xml.substring(firstOption);
            Files.writeString(domainXml, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
