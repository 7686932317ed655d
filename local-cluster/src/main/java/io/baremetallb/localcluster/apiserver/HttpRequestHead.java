package io.baremetallb.localcluster.apiserver;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.x request line and header fields, read from a connection (RFC 9112 sections 2-5). */
record HttpRequestHead(String method, URI uri, String protocol, Headers headers) {
    /** Longest request line or header line read; a longer one is refused (414 or 431). */
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_FIELDS = 256;

    /** A request that cannot be served, with the status it gets before the connection closes. */
    static final class BadRequest extends IOException {
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Whether the connection may carry another request after this one's answer: HTTP/1.1 without
     * {@code Connection: close}, and not framed by both Transfer-Encoding and Content-Length (it is read as
     * chunked, but RFC 9112 section 6.3 calls that a sign of request smuggling).
     */
    boolean keepsConnection() {
        return protocol.equals("HTTP/1.1") && !"close".equalsIgnoreCase(headers.getFirst("Connection"))
                && !(headers.containsKey("Transfer-Encoding") && headers.containsKey("Content-Length"));
    }

    /** The next request's head, or null when the connection ends cleanly before one starts. */
    static HttpRequestHead read(InputStream in) throws IOException {
        String line = readLine(in, 414, "request line");
        while (line != null && line.isEmpty()) {
            line = readLine(in, 414, "request line"); // RFC 9112 2.2: ignore empty lines before a request
        }
        if (line == null) {
            return null;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 + 1 || sp2 == line.length() - 1) {
            throw new BadRequest(400, "malformed request line \"" + abbreviate(line) + "\"");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String protocol = line.substring(sp2 + 1);
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw new BadRequest(505, "unsupported protocol \"" + abbreviate(protocol) + "\" (HTTP/1.1 or HTTP/1.0)");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new BadRequest(400, "malformed request target \"" + abbreviate(target) + "\": " + e.getReason());
        }
        Headers headers = new Headers();
        int fields = 0;
        while (true) {
            String field = readLine(in, 431, "header field");
            if (field == null) {
                throw new BadRequest(400, "the connection ended inside the request's header fields");
            }
            if (field.isEmpty()) {
                return new HttpRequestHead(method, uri, protocol, headers);
            }
            if (++fields > MAX_FIELDS) {
                throw new BadRequest(431, "more than " + MAX_FIELDS + " header fields");
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || field.charAt(0) == ' ' || field.charAt(0) == '\t'
                    || Character.isWhitespace(field.charAt(colon - 1))) {
                throw new BadRequest(400, "malformed header field \"" + abbreviate(field) + "\"");
            }
            headers.add(field.substring(0, colon), field.substring(colon + 1).strip());
        }
    }

    /** A line ending in CRLF (or a bare LF), without it, as ISO-8859-1; null at end of stream before any byte. */
    private static String readLine(InputStream in, int tooLongStatus, String what) throws IOException {
        byte[] buf = new byte[256];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return null;
                }
                throw new BadRequest(400, "the connection ended inside a " + what);
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == buf.length) {
                if (n >= MAX_LINE) {
                    throw new BadRequest(tooLongStatus, "a " + what + " longer than " + MAX_LINE + " bytes");
                }
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, n * 2));
            }
            buf[n++] = (byte) b;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
