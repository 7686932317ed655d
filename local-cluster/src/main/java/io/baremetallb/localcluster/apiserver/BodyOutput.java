package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A response body framed as its headers said: none, exactly a Content-Length, or chunked. */
abstract class BodyOutput extends OutputStream {
    final OutputStream connection;
    boolean closed;

    BodyOutput(OutputStream connection) {
        this.connection = connection;
    }

    /** Whether the body ended as framed, so the connection can carry another answer. */
    abstract boolean complete();

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            connection.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            connection.flush();
        }
    }

    void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the response body is closed");
        }
    }

    /**
     * No body: for HEAD what the handler writes is dropped (it answers as for GET, RFC 9110 section 9.3.2); after
     * a length of -1, or for 1xx, 204 and 304, writing bytes is an error.
     */
    static final class None extends BodyOutput {
        private final boolean discard;

        None(OutputStream connection, boolean discard) {
            super(connection);
            this.discard = discard;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0 && !discard) {
                throw new IOException("this response has no body");
            }
        }

        @Override
        boolean complete() {
            return true;
        }
    }

    /** Exactly the Content-Length sent: more is an error, less leaves the connection unusable. */
    static final class Fixed extends BodyOutput {
        private long left;

        Fixed(OutputStream connection, long length) {
            super(connection);
            this.left = length;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (len > left) {
                throw new IOException("writing " + len + " bytes where the Content-Length leaves " + left);
            }
            connection.write(b, off, len);
            left -= len;
        }

        @Override
        boolean complete() {
            return left == 0;
        }
    }

    /** What was written between flushes as one chunk (at most the buffer's size each), then the last chunk. */
    static final class Chunked extends BodyOutput {
        private final byte[] buf = new byte[8192];
        private int n;

        Chunked(OutputStream connection) {
            super(connection);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            while (len > 0) {
                int take = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, take);
                n += take;
                off += take;
                len -= take;
                if (n == buf.length) {
                    writeChunk();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                writeChunk();
                connection.flush();
            }
        }

        private void writeChunk() throws IOException {
            if (n > 0) {
                connection.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                connection.write(buf, 0, n);
                connection.write('\r');
                connection.write('\n');
                n = 0;
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                writeChunk();
                connection.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                closed = true;
                connection.flush();
            }
        }

        @Override
        boolean complete() {
            return closed;
        }
    }
}
