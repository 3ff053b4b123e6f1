package dev.parley.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InlineCodeTest {

    private static final String CONSOLE =
            "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

    @Test
    void theHashIsTheBrowsersSha256OfTheScriptText() {
        // the example of the CSP specification: 'sha256-' of "alert('Hello, world.');"
        assertThat(InlineCode.hash("alert('Hello, world.');"))
                .isEqualTo("sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=");
    }

    @Test
    void inlineScriptsAreHashedScriptsWithSrcAreNot() {
        InlineCode code = InlineCode.of("<html><head><script src=\"/a.js\"></script>"
                + "<script type=\"text/javascript\">faces.push.init('x');</script></head>"
                + "<body><SCRIPT>var a = 1 < 2;</SCRIPT></body></html>");
        assertThat(code.scripts())
                .containsExactlyInAnyOrder(InlineCode.hash("faces.push.init('x');"), InlineCode.hash("var a = 1 < 2;"));
        assertThat(code.handlers()).isEmpty();
    }

    @Test
    void handlersAreHashedAsTheBrowserReadsThemWithReferencesDecoded() {
        InlineCode code = InlineCode.of("<form><input type=\"submit\" id=\"a:b\""
                + " onclick=\"mojarra.ab(this,event,&#39;action&#39;,&quot;@form&quot;,0);return false\"/>"
                + "<textarea onkeydown='parley.typing(this, event)' disabled></textarea></form>");
        assertThat(code.handlers())
                .containsExactlyInAnyOrder(
                        InlineCode.hash("mojarra.ab(this,event,'action',\"@form\",0);return false"),
                        InlineCode.hash("parley.typing(this, event)"));
    }

    @Test
    void stylesAndStyleAttributesAreHashed() {
        InlineCode code = InlineCode.of("<style>p{color:red}</style><p style=\"display:none\">x</p>");
        assertThat(code.styles()).containsExactly(InlineCode.hash("p{color:red}"));
        assertThat(code.styleAttributes()).containsExactly(InlineCode.hash("display:none"));
    }

    @Test
    void commentsAndTextAreNoCode() {
        InlineCode code = InlineCode.of("<!-- <script>evil()</script> --><p>a < b and onclick=x</p>");
        assertThat(code.scripts()).isEmpty();
        assertThat(code.handlers()).isEmpty();
    }

    @Test
    void thePolicyGainsTheHashesAndUnsafeHashesOnlyForAttributes() {
        InlineCode code = InlineCode.of("<script>a()</script><button onclick=\"b()\">b</button>");
        assertThat(code.policy(CONSOLE))
                .isEqualTo("default-src 'self'; script-src 'self' 'unsafe-hashes' '" + InlineCode.hash("a()") + "' '"
                        + InlineCode.hash("b()") + "'; style-src 'self'; frame-ancestors 'none'");
        assertThat(InlineCode.of("<p>plain</p>").policy(CONSOLE)).isEqualTo(CONSOLE);
    }

    @Test
    void aMissingDirectiveStartsFromDefaultSrcAndNoneGivesWayToHashes() {
        String policy = InlineCode.of("<style>x{}</style>").policy("default-src 'none'; frame-ancestors 'none'");
        assertThat(policy)
                .isEqualTo("default-src 'none'; frame-ancestors 'none'; style-src '" + InlineCode.hash("x{}") + "'");
    }

    @Test
    void aBrokenPageYieldsWhatWasReadBeforeTheBreak() {
        InlineCode code = InlineCode.of("<script>ok()</script><p title=\"unclosed>");
        assertThat(code.scripts()).containsExactly(InlineCode.hash("ok()"));
    }
}
