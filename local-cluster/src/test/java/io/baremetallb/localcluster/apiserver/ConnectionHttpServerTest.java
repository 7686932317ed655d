package io.baremetallb.localcluster.apiserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API server's transport on the wire: framing, keep-alive, and what bad requests get. */
class ConnectionHttpServerTest {
    private ConnectionHttpServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** Answers "METHOD path body" for /echo; /chunks answers in three flushed pieces; /silent answers nothing. */
    private final HttpHandler handler = ex -> {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/echo" -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    byte[] answer = (ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                            + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, answer.length);
                    ex.getResponseBody().write(answer);
                }
                case "/unread" -> ex.sendResponseHeaders(204, -1); // leaves the request body for the server to drain
                case "/chunks" -> {
                    ex.sendResponseHeaders(200, 0);
                    OutputStream o = ex.getResponseBody();
                    for (String part : new String[] {"one\n", "two\n", "three\n"}) {
                        o.write(part.getBytes(StandardCharsets.US_ASCII));
                        o.flush();
                    }
                }
                case "/silent" -> {
                    // no answer: the exchange ends without sendResponseHeaders
                }
                default -> {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new ConnectionHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8, r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        });
        server.start(handler);
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        server.close();
    }

    @Test
    void oneConnectionCarriesRequestsOneAfterAnother() throws IOException {
        send("POST /echo?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
        Response first = Response.read(in);
        assertEquals(200, first.status);
        assertEquals("POST /echo?x=1 hello", first.body);
        assertEquals("text/plain", first.headers.get("content-type"));
        assertTrue(first.headers.get("date").endsWith(" GMT"), first.headers.toString());
        Response second = Response.read(in);
        assertEquals("GET /echo ", second.body);
    }

    @Test
    void aChunkedRequestBodyIsDecoded() throws IOException {
        send("PUT /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n"
                + "GET /echo HTTP/1.1\r\n\r\n");
        assertEquals("PUT /echo abcdefg", Response.read(in).body);
        assertEquals("GET /echo ", Response.read(in).body);
    }

    @Test
    void aRequestFramedTwoWaysIsReadAsChunkedAndEndsTheConnection() throws IOException {
        send("POST /echo HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n");
        Response r = Response.read(in);
        assertEquals("POST /echo hi", r.body);
        assertEquals("close", r.headers.get("connection"));
        assertEquals(-1, in.read());
    }

    @Test
    void aBodyTheHandlerDidNotReadIsSkippedBeforeTheNextRequest() throws IOException {
        send("POST /unread HTTP/1.1\r\nContent-Length: 7\r\n\r\nignored" + "GET /echo HTTP/1.1\r\n\r\n");
        Response first = Response.read(in);
        assertEquals(204, first.status);
        assertEquals("", first.body);
        assertEquals("GET /echo ", Response.read(in).body);
    }

    @Test
    void aResponseOfLengthZeroIsChunkedAndEachFlushIsAChunk() throws IOException {
        send("GET /chunks HTTP/1.1\r\n\r\n");
        Response r = Response.read(in);
        assertEquals("chunked", r.headers.get("transfer-encoding"));
        assertEquals("one\ntwo\nthree\n", r.body);
        assertEquals(3, r.chunks);
    }

    @Test
    void expectContinueGetsTheInterimAnswerFirst() throws IOException {
        send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        Response interim = Response.read(in);
        assertEquals(100, interim.status);
        send("ok");
        assertEquals("POST /echo ok", Response.read(in).body);
    }

    @Test
    void connectionCloseIsAnsweredThenTheConnectionEnds() throws IOException {
        send("GET /echo HTTP/1.1\r\nConnection: close\r\n\r\n");
        Response r = Response.read(in);
        assertEquals("close", r.headers.get("connection"));
        assertEquals(-1, in.read());
    }

    @Test
    void http10ClosesAfterTheAnswer() throws IOException {
        send("GET /echo HTTP/1.0\r\n\r\n");
        assertEquals("GET /echo ", Response.read(in).body);
        assertEquals(-1, in.read());
    }

    @Test
    void headAnswersHeadersOnly() throws IOException {
        send("HEAD /echo HTTP/1.1\r\n\r\nGET /echo HTTP/1.1\r\n\r\n");
        Response head = Response.read(in, true);
        assertEquals(200, head.status);
        assertEquals("", head.body);
        assertEquals("GET /echo ", Response.read(in).body);
    }

    @Test
    void aMalformedRequestLineGets400NamingItAndTheConnectionCloses() throws IOException {
        assertAnsweredThenClosed("GARBAGE\r\n\r\n", 400, "malformed request line \"GARBAGE\"");
    }

    @Test
    void badFramingAndProtocolsAreRefusedByName() throws IOException {
        send("POST /echo HTTP/1.1\r\nContent-Length: ten\r\n\r\n");
        Response length = Response.read(in);
        assertEquals(400, length.status);
        assertTrue(length.body.contains("malformed Content-Length \"ten\""), length.body);
        reconnect();
        send("GET /echo HTTP/2.0\r\n\r\n");
        Response protocol = Response.read(in);
        assertEquals(505, protocol.status);
        assertTrue(protocol.body.contains("HTTP/2.0"), protocol.body);
        reconnect();
        send("GET /echo HTTP/1.1\r\nX-Long: " + "a".repeat(HttpRequestHead.MAX_LINE) + "\r\n\r\n");
        assertEquals(431, Response.read(in).status);
        reconnect();
        send("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertEquals(501, Response.read(in).status);
    }

    @Test
    void anExchangeEndedWithoutAnAnswerGets500() throws IOException {
        assertAnsweredThenClosed("GET /silent HTTP/1.1\r\n\r\n", 500, "without an answer");
    }

    @Test
    void closingTheServerEndsItsOpenConnections() throws IOException {
        send("GET /echo HTTP/1.1\r\n\r\n");
        Response.read(in);
        server.close();
        assertEquals(-1, in.read());
    }

    /** Sends {@code request}: its answer has {@code status} and a body naming {@code because}, then the connection ends. */
    private void assertAnsweredThenClosed(String request, int status, String because) throws IOException {
        send(request);
        Response r = Response.read(in);
        assertEquals(status, r.status);
        assertTrue(r.body.contains(because), r.body);
        assertEquals(-1, in.read());
    }

    private void reconnect() throws IOException {
        socket.close();
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response read off the wire: status, lower-cased headers, the body as framed, and its chunk count. */
    private static final class Response {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        String body = "";
        int chunks;

        static Response read(InputStream in) throws IOException {
            return read(in, false);
        }

        static Response read(InputStream in, boolean head) throws IOException {
            Response r = new Response();
            String statusLine = line(in);
            assertTrue(statusLine.startsWith("HTTP/1.1 "), statusLine);
            r.status = Integer.parseInt(statusLine.substring(9, 12));
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                r.headers.put(h.substring(0, colon).toLowerCase(), h.substring(colon + 1).strip());
            }
            if (head || r.status < 200 || r.status == 204 || r.status == 304) {
                return r;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equals(r.headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.write(in.readNBytes(size));
                    assertEquals("", line(in));
                    r.chunks++;
                }
                assertEquals("", line(in));
            } else {
                String length = r.headers.get("content-length");
                assertNull(length == null ? "a response without Content-Length or chunks" : null);
                body.write(in.readNBytes(Integer.parseInt(length)));
            }
            r.body = body.toString(StandardCharsets.UTF_8);
            return r;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection ended mid-line: " + s);
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }
    }
}
