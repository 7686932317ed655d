package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.io.InputStream;

/** A request body as its head frames it (RFC 9112 section 6): a Content-Length, chunked, or none. */
abstract class BodyInput extends InputStream {
    final InputStream connection;

    BodyInput(InputStream connection) {
        this.connection = connection;
    }

    static BodyInput of(HttpRequestHead head, InputStream connection) throws HttpRequestHead.BadRequest {
        String te = head.headers().getFirst("Transfer-Encoding");
        if (te != null) {
            if (!te.strip().equalsIgnoreCase("chunked")) {
                throw new HttpRequestHead.BadRequest(501, "unsupported Transfer-Encoding \"" + te + "\" (chunked only)");
            }
            return new Chunked(connection);
        }
        String cl = head.headers().getFirst("Content-Length");
        if (cl == null) {
            return new Fixed(connection, 0);
        }
        try {
            long n = Long.parseLong(cl.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new Fixed(connection, n);
        } catch (NumberFormatException e) {
            throw new HttpRequestHead.BadRequest(400, "malformed Content-Length \"" + cl + "\"");
        }
    }

    /** Reads and drops what is left, up to {@code max} bytes; false if more was left. */
    boolean drain(long max) throws IOException {
        byte[] sink = new byte[4096];
        long dropped = 0;
        int n;
        while ((n = read(sink, 0, sink.length)) >= 0) {
            dropped += n;
            if (dropped > max) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** A body of a known length (0 when the request has no body). */
    static final class Fixed extends BodyInput {
        private long left;

        Fixed(InputStream connection, long length) {
            super(connection);
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = connection.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection ended " + left + " bytes before the request body's end");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, connection.available());
        }
    }

    /** A chunked body: a size line in hex, the data and CRLF, until a chunk of size 0 and the trailer fields. */
    static final class Chunked extends BodyInput {
        private long chunkLeft;
        private boolean done;

        Chunked(InputStream connection) {
            super(connection);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    while (!line().isEmpty()) {
                        continue; // trailer fields are read and dropped
                    }
                    done = true;
                    return -1;
                }
            }
            int n = connection.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the connection ended inside a chunk of the request body");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) {
                throw new IOException("a chunk of the request body does not end in CRLF");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String size = line();
            int ext = size.indexOf(';');
            String hex = (ext < 0 ? size : size.substring(0, ext)).strip();
            try {
                if (hex.isEmpty() || hex.length() > 15) {
                    throw new NumberFormatException();
                }
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size \"" + size + "\" in the request body");
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = connection.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("the connection ended inside the request body's chunk framing");
                }
                if (s.length() > 4096) {
                    throw new IOException("a chunk line of the request body is longer than 4096 bytes");
                }
                s.append((char) c);
            }
            int end = s.length();
            return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
        }
    }
}
