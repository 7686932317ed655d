package io.baremetallb.localcluster.apiserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its answer on a {@link ConnectionHttpServer} connection, with the JDK exchange's contract:
 * {@code sendResponseHeaders(code, n)} sends a body of exactly {@code n} bytes, a chunked body for {@code 0}, no
 * body for {@code -1}; {@link #close()} ends the exchange. The request body is drained afterwards, so the
 * connection can carry the next request.
 */
final class ConnectionExchange extends HttpExchange {
    /** Request bodies left unread beyond this are not drained: the connection closes instead. */
    private static final long MAX_DRAIN = 1 << 20;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static volatile CachedDate date = new CachedDate(0, "");

    private record CachedDate(long second, String text) {
    }

    private final HttpRequestHead head;
    private final Closeable connection;
    private final OutputStream connectionOut;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>(2);
    private final BodyInput requestBody;
    private InputStream in;
    private OutputStream out;
    private BodyOutput responseBody;
    private int responseCode = -1;
    private boolean closed;
    private boolean reusable;

    ConnectionExchange(HttpRequestHead head, InputStream connectionIn, OutputStream connectionOut,
                       InetSocketAddress local, InetSocketAddress remote, Closeable connection) throws IOException {
        this.head = head;
        this.connection = connection;
        this.connectionOut = connectionOut;
        this.local = local;
        this.remote = remote;
        this.requestBody = BodyInput.of(head, connectionIn);
        if ("100-continue".equalsIgnoreCase(head.headers().getFirst("Expect")) && head.protocol().equals("HTTP/1.1")) {
            connectionOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            connectionOut.flush();
        }
        this.in = requestBody;
    }

    /** Answers a request that could not be read, and the connection closes after it. */
    static void refuse(OutputStream out, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nDate: " + now() + "\r\nConnection: close\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    /** Not served: the server has one handler for every path, so there are no contexts to return. */
    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("ConnectionHttpServer has no contexts: one handler serves every path");
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            throw new IllegalStateException("the response body is available after sendResponseHeaders");
        }
        return out;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode >= 0) {
            throw new IOException("headers already sent");
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code " + code + " is not a three-digit code");
        }
        responseCode = code;
        boolean isHead = head.method().equals("HEAD");
        boolean noBody = length < 0 || isHead || code == 204 || code == 304 || code < 200;
        boolean keepAlive = head.keepsConnection();
        StringBuilder h = new StringBuilder(256);
        h.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        h.append("Date: ").append(now()).append("\r\n");
        responseHeaders.remove("Transfer-Encoding");
        responseHeaders.remove("Content-Length");
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            for (String v : e.getValue()) {
                h.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        if (noBody) {
            if (length > 0 && isHead) {
                h.append("Content-Length: ").append(length).append("\r\n");
            }
            responseBody = new BodyOutput.None(connectionOut, isHead);
        } else if (length > 0) {
            h.append("Content-Length: ").append(length).append("\r\n");
            responseBody = new BodyOutput.Fixed(connectionOut, length);
        } else {
            h.append("Transfer-Encoding: chunked\r\n");
            responseBody = new BodyOutput.Chunked(connectionOut);
        }
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        connectionOut.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        reusable = keepAlive;
        out = responseBody;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    /** No authenticator runs on this server; the API server reads bearer tokens itself. */
    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /**
     * Closes the connection under this exchange from another thread, ending any read or write blocked on it (a
     * watch whose client stopped reading); the thread serving the connection then sees it closed.
     */
    void abort() {
        try {
            connection.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    /**
     * Ends the exchange: an answer never started becomes a 500 (the connection then closes), the body is
     * completed, and the rest of the request body is read so the next request starts where it should.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (responseCode < 0) {
                reusable = false;
                refuse(connectionOut, 500, "the API server's handler ended without an answer");
                return;
            }
            responseBody.close();
            if (!responseBody.complete()) {
                reusable = false;
            }
            if (reusable && !requestBody.drain(MAX_DRAIN)) {
                reusable = false;
            }
        } catch (IOException e) {
            reusable = false;
        }
    }

    /** Whether the connection may carry another request after this one. */
    boolean connectionReusable() {
        return closed && reusable;
    }

    private static String now() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate d = date;
        if (d.second() != second) {
            d = new CachedDate(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
            date = d;
        }
        return d.text();
    }

    static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + code;
        };
    }
}
