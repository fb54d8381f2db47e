package dev.hearth.backend.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 bytes of an app tunnel: what the app is sent, and how its answer is read. */
class Http1ExchangeTest {

    @Test
    void theRequestCarriesMethodPathQueryHeadersAndBodyAndClosesTheConnection() {
        byte[] bytes = Http1Exchange.request(new AppRequest("POST", "/echo/%2Fx", "a=1&b=2",
                Map.of("Content-Type", List.of("text/plain")), "hi".getBytes(StandardCharsets.UTF_8)), "web");
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo("POST /echo/%2Fx?a=1&b=2 HTTP/1.1\r\nHost: web\r\n"
                + "Connection: close\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi");
    }

    @Test
    void aHeaderCannotSmuggleASecondRequestOrChangeTheFraming() {
        byte[] bytes = Http1Exchange.request(new AppRequest("GET", "/", null,
                Map.of("X-Evil", List.of("a\r\n\r\nGET /other HTTP/1.1"), "Transfer-Encoding", List.of("chunked")), new byte[0]), "web");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).isEqualTo("GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\nX-Evil: a    GET /other HTTP/1.1\r\n\r\n");
    }

    @Test
    void anAnswerIsReadByContentLengthChunkedOrToTheEnd() {
        AppResponse sized = Http1Exchange.response(ascii("HTTP/1.1 418 I'm a teapot\r\nContent-Type: text/plain\r\n"
                + "X-Hearth: teapot\r\nContent-Length: 5\r\n\r\nhello"), false).orElseThrow();
        assertThat(sized.status()).isEqualTo(418);
        assertThat(new String(sized.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(sized.headers()).containsEntry("X-Hearth", List.of("teapot")).doesNotContainKey("Content-Length");

        AppResponse chunked = Http1Exchange.response(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;x=y\r\n, world\r\n0\r\n\r\n"), false).orElseThrow();
        assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");

        AppResponse toTheEnd = Http1Exchange.response(ascii("HTTP/1.0 200 OK\r\n\r\nuntil closed"), false).orElseThrow();
        assertThat(new String(toTheEnd.body(), StandardCharsets.UTF_8)).isEqualTo("until closed");

        AppResponse head = Http1Exchange.response(ascii("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), true).orElseThrow();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aCutOrNonHttpAnswerIsNoAnswer() {
        assertThat(Http1Exchange.response(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), false)).isEmpty();
        assertThat(Http1Exchange.response(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"), false)).isEmpty();
        assertThat(Http1Exchange.response(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain"), false)).isEmpty();
        assertThat(Http1Exchange.response(ascii("SSH-2.0-OpenSSH\r\n\r\n"), false)).isEmpty();
        assertThat(Http1Exchange.response(new byte[0], false)).isEmpty();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
