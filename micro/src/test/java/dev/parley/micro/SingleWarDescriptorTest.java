package dev.parley.micro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * micro's web.xml mounts the widget and console modules in one WAR at the EAR's URLs, so it must say
 * what the modules' own web.xml say, each path under its module's prefix ({@code /chat},
 * {@code /admin}). Every declaration is reduced to one line (a servlet, a mapping, a parameter, a
 * constrained path with its roles, an error page, ...); the single WAR must hold exactly the union of
 * the modules' lines, translated. The few deliberate differences are listed below with their reason.
 */
class SingleWarDescriptorTest {

    static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();

    /** Lines of the modules that the single WAR states differently, on purpose. */
    static final Set<String> NOT_IN_THE_SINGLE_WAR = Set.of(
            // Faces renders resource URLs at the WAR's root (/jakarta.faces.resource/...), where no
            // constraint of the single WAR reaches; under /admin nothing is served.
            "security-constraint /admin/jakarta.faces.resource/* roles=none methods=[]");

    /** Lines only the single WAR has: paths at its root that no module's WAR serves. */
    static final Set<String> ONLY_IN_THE_SINGLE_WAR = Set.of(
            // the console's style sheet and script are served at this WAR's root (see above): same headers
            "filter-mapping security-headers-console /jakarta.faces.resource/* []",
            // Payara registers its OpenAPI servlet in the root web application, which is this WAR
            "filter-mapping demo-switch /openapi/* []",
            // and its metrics and health servlets, which answer only loopback and the allowed addresses
            "filter operations-endpoints dev.parley.security.boundary.OperationsEndpoints",
            "filter-mapping operations-endpoints /metrics []",
            "filter-mapping operations-endpoints /metrics/* []",
            "filter-mapping operations-endpoints /health []",
            "filter-mapping operations-endpoints /health/* []");

    @Test
    void theSingleWarSaysWhatBothModulesSayUnderTheirPrefixes() throws Exception {
        Set<String> expected = new TreeSet<>();
        expected.addAll(
                lines(ROOT.resolve("widget-module/src/main/webapp/WEB-INF/web.xml"), "/chat", "parley.widget.prefix"));
        expected.addAll(
                lines(ROOT.resolve("admin-module/src/main/webapp/WEB-INF/web.xml"), "/admin", "parley.admin.prefix"));
        expected.removeAll(NOT_IN_THE_SINGLE_WAR);
        expected.addAll(ONLY_IN_THE_SINGLE_WAR);

        Set<String> actual = lines(ROOT.resolve("micro/src/main/webapp/WEB-INF/web.xml"), "", null);

        assertThat(actual)
                .as("micro/src/main/webapp/WEB-INF/web.xml against the two modules' web.xml")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The descriptor as one line per declaration, every path prefixed; the prefix parameter set to the prefix. */
    static Set<String> lines(Path file, String prefix, String prefixParameter) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element app = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        Set<String> lines = new TreeSet<>();
        for (Element child : children(app)) {
            switch (child.getLocalName()) {
                case "display-name" -> {
                    // each WAR names itself
                }
                case "context-param" -> {
                    String name = text(child, "param-name");
                    lines.add("context-param " + name + "="
                            + (name.equals(prefixParameter) ? prefix : text(child, "param-value")));
                }
                case "listener" -> lines.add("listener " + text(child, "listener-class"));
                case "filter" ->
                    lines.add("filter " + text(child, "filter-name") + " " + text(child, "filter-class") + " "
                            + all(child, "init-param"));
                case "filter-mapping" ->
                    all(child, "url-pattern", prefix)
                            .forEach(pattern -> lines.add("filter-mapping " + text(child, "filter-name") + " " + pattern
                                    + " " + texts(child, "dispatcher")));
                case "servlet" ->
                    lines.add("servlet " + text(child, "servlet-name") + " class=" + text(child, "servlet-class")
                            + " load-on-startup=" + text(child, "load-on-startup") + " " + all(child, "init-param")
                            + " " + all(child, "multipart-config"));
                case "servlet-mapping" ->
                    all(child, "url-pattern", prefix)
                            .forEach(pattern ->
                                    lines.add("servlet-mapping " + text(child, "servlet-name") + " " + pattern));
                case "security-constraint" -> {
                    Element auth = first(child, "auth-constraint");
                    String roles =
                            auth == null ? "none" : texts(auth, "role-name").toString();
                    for (Element collection : elements(child, "web-resource-collection")) {
                        all(collection, "url-pattern", prefix)
                                .forEach(pattern -> lines.add("security-constraint "
                                        + pattern + " roles=" + roles + " methods=" + texts(collection, "http-method")
                                        + " " + all(child, "user-data-constraint")));
                    }
                }
                case "error-page" ->
                    lines.add("error-page " + text(child, "exception-type") + text(child, "error-code") + " "
                            + path(text(child, "location"), prefix));
                default -> lines.add(child.getLocalName() + " " + canonical(child));
            }
        }
        return lines.stream().map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }

    static String path(String pattern, String prefix) {
        return pattern.startsWith("/") ? prefix + pattern : pattern;
    }

    static List<String> all(Element parent, String name, String prefix) {
        return texts(parent, name).stream()
                .map(pattern -> path(pattern, prefix))
                .toList();
    }

    static String all(Element parent, String name) {
        return elements(parent, name).stream()
                .map(SingleWarDescriptorTest::canonical)
                .collect(Collectors.joining());
    }

    /** An element's content with the whitespace between tags and the comments dropped. */
    static String canonical(Node node) {
        StringBuilder out = new StringBuilder();
        NodeList nodes = node.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node child = nodes.item(i);
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                out.append('<')
                        .append(child.getLocalName())
                        .append('>')
                        .append(canonical(child))
                        .append("</")
                        .append(child.getLocalName())
                        .append('>');
            } else if (child.getNodeType() == Node.TEXT_NODE) {
                out.append(child.getNodeValue().trim());
            }
        }
        return out.toString();
    }

    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    static List<Element> elements(Element parent, String name) {
        return children(parent).stream()
                .filter(child -> child.getLocalName().equals(name))
                .toList();
    }

    static Element first(Element parent, String name) {
        return elements(parent, name).stream().findFirst().orElse(null);
    }

    static List<String> texts(Element parent, String name) {
        return elements(parent, name).stream()
                .map(element -> element.getTextContent().trim())
                .toList();
    }

    static String text(Element parent, String name) {
        Element element = first(parent, name);
        return element == null ? "" : element.getTextContent().trim();
    }
}
